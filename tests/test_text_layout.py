"""Text as written: hard-wrapped lines joined, lists and tables kept, sentences split by pysbd."""

from fpdf import FPDF

from assistant.knowledge.layout import mark_plain_headings, unwrap
from assistant.knowledge.loaders import load_document
from assistant.sentences import split_sentences

WRAPPED = """# Service levels

A Service Level Agreement (SLA) between a customer and a service
provider defines the response and resolution times for each priority,
and the service credits owed when a target is missed.

- Priority 1 incidents are answered within fifteen minutes and resolved
  within four hours.
- Priority 2 incidents are answered within one hour.

| Priority | Response |
|---|---|
| P1 | 15 min |
"""


def test_hard_wrapped_paragraphs_become_one_line_each():
    lines = unwrap(WRAPPED).split("\n")
    assert ("A Service Level Agreement (SLA) between a customer and a service provider defines the response and "
            "resolution times for each priority, and the service credits owed when a target is missed.") in lines
    assert "- Priority 1 incidents are answered within fifteen minutes and resolved within four hours." in lines
    assert "- Priority 2 incidents are answered within one hour." in lines
    assert "| P1 | 15 min |" in lines and "# Service levels" in lines


def test_short_lines_that_end_on_purpose_stay_apart():
    text = "Contact: IT service desk\nPhone: 4700\nEmail: desk@example.com\n"
    assert unwrap(text).split("\n") == ["Contact: IT service desk", "Phone: 4700", "Email: desk@example.com"]


def test_sentences_of_wrapped_text_are_whole_sentences():
    sentences = split_sentences(unwrap(WRAPPED))
    assert sentences[0].startswith("A Service Level Agreement (SLA) between a customer and a service provider defines")
    assert sentences[0].endswith("when a target is missed.")
    assert "Priority 2 incidents are answered within one hour." in sentences
    assert "Priority: P1; Response: 15 min." in sentences and "Priority | Response" not in sentences


def test_abbreviations_do_not_end_sentences():
    assert split_sentences("Use a U.S. vendor, e.g. one with SOC 2. Then sign the contract.") == [
        "Use a U.S. vendor, e.g. one with SOC 2.", "Then sign the contract."]


def test_citations_stay_with_the_sentence_they_follow():
    assert split_sentences("Costs fall. [1] Quality rises. [2]") == ["Costs fall. [1]", "Quality rises. [2]"]


def test_plain_text_headings_are_marked():
    text = "INCIDENT RESPONSE\n\nCall the desk first, then the vendor, and write down the time of every call made.\n\n" \
           "Escalation\n\nIf nobody answers within fifteen minutes, call the duty manager on the number below.\n"
    marked = mark_plain_headings(text)
    assert "## INCIDENT RESPONSE" in marked and "### Escalation" in marked


def test_pdf_wrapped_paragraphs_are_read_as_whole_sentences(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The total first-year cost of the managed service for Northwind Logistics is EUR 119,880, "
                         "payable quarterly in advance, and either party may end the agreement with 90 days written notice.")
    path = tmp_path / "proposal.pdf"
    pdf.output(str(path))
    text = load_document(path, 10_000_000).text
    assert any(s.endswith("with 90 days written notice.") and "EUR 119,880" in s for s in split_sentences(text)), text


def test_contractions_and_possessives_tokenise_to_their_word():
    from assistant.knowledge.lexical import tokenize

    assert tokenize("What's the vendor's plan? We don't know.") == ["vendor", "plan", "not", "know"]


PLAN = """1. Purpose

This plan says how the company keeps working when its systems fail, and who decides what.

2. Continuity measures

LABELLING FAILURE
Each plant keeps a stock of emergency labels and two spare printers with the templates.
Production can continue for up to 8 hours in this mode.

LOSS OF A SERVER ROOM
Local services are moved to the secondary site using the replicas.

3. Testing and exercises

(1) A full disaster recovery test is carried out once a year in October.
(2) The contact list is checked every quarter.
"""


def test_an_uppercase_line_running_into_its_paragraph_is_a_heading_below_the_documents_first_style():
    marked = mark_plain_headings(PLAN).split("\n")
    # "1. Purpose" is the document's first heading style, so its top level; the capitals sit below it.
    assert "## 2. Continuity measures" in marked and "### LABELLING FAILURE" in marked
    assert "### LOSS OF A SERVER ROOM" in marked and "## 1. Purpose" in marked


def test_a_title_above_a_numbered_list_is_a_heading_but_an_item_above_the_next_is_not():
    marked = mark_plain_headings(PLAN).split("\n")
    assert "## 3. Testing and exercises" in marked
    assert "(1) A full disaster recovery test is carried out once a year in October." in marked
    steps = "1. Sign the contract\n\n2. Review the service every month with the supplier's account manager.\n"
    assert "#" not in mark_plain_headings(steps)


def test_a_title_line_is_measured_against_its_whole_wrapped_paragraph():
    text = ("Security incidents and personal data breaches\n\nSuspected security incidents, such as ransomware or a\n"
            "supplier reporting a breach, are reported to the IT Security Manager at once,\nday or night.\n")
    assert mark_plain_headings(text).startswith("## Security incidents and personal data breaches")


def test_an_uppercase_title_broken_over_two_lines_is_no_heading():
    text = "ACME SEAFOODS AS\nINCIDENT AND CONTINUITY PLAN\n\nDocument ID: IT-03\n"
    assert "#" not in mark_plain_headings(text)


def test_numbers_written_as_words_tokenise_as_digits():
    from assistant.knowledge.lexical import tokenize

    assert tokenize("after two hours") == tokenize("after 2 hours")
    # "one" is far more often a pronoun than a count.
    assert tokenize("the one we chose") == ["one", "chose"]


# --- underlined headings ---------------------------------------------------------------------------

def test_markdown_underlined_headings_become_sections(tmp_path):
    from assistant.knowledge.chunking import chunk_document

    path = tmp_path / "policy.md"
    path.write_text("Supplier policy\n===============\n\nIntro text of the policy.\n\nExit plans\n----------\n\n"
                    "Every supplier keeps a transition-out plan.\n\nA paragraph above a rule\n\n---\n\nLast words.\n",
                    encoding="utf-8")
    document = load_document(path, 10**6)
    assert document.title == "Supplier policy"
    chunks = chunk_document(document.text, "policy.md", document.title, 900)
    sections = {c.section: c.text for c in chunks}
    assert sections["Exit plans"].startswith("Every supplier keeps a transition-out plan.")
    # A rule after a blank line stays a rule, not a heading of the paragraph above it.
    assert not any("A paragraph above a rule" in c.section for c in chunks)


def test_plain_text_underlined_headings_wrapped_over_lines_are_one_heading(tmp_path):
    text = ("TechFAR notes\n=============\n\nKey Question: how will the Government know whether a\n"
            "contractor is performing?\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n\n"
            "Agile teams use project boards to limit the amount of documentation that is\n"
            "written, while keeping a record of the work that has been done so far.\n\n"
            "Key Question: because agile development is a fluid process with technical\n"
            "requirements that are refined as part of the process, how can the Government\n"
            "track contractor progress? Are there consequences for situations in which\n"
            "contractors fall behind?\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n\n"
            "Tracking progress\n-----------------\n\n- Utilize burn-up charts. Burn-up charts show the progress in\n"
            "  completing requirements and any changes to the total number of\n  requirements.\n")
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    document = load_document(path, 10**6)
    headings = [line for line in document.text.split("\n") if line.startswith("#")]
    assert headings == ["# TechFAR notes",
                        "## Key Question: how will the Government know whether a contractor is performing?",
                        "### Tracking progress"]
    # A paragraph too long to title anything stays text, its underline dropped.
    assert "how can the Government track contractor progress? Are there consequences" in document.text
    # The tildes are an underline, not a code fence: the text after them is still unwrapped.
    assert "Agile teams use project boards to limit the amount of documentation that is written" in document.text
    assert "progress in completing requirements and any changes to the total number of requirements." in document.text


def test_an_underlined_table_header_in_plain_text_is_no_heading():
    from assistant.knowledge.layout import mark_underlined_headings

    text = "Recovery targets\n\n    System          RTO      RPO\n    ---------------------------\n    ERP             4 h      1 h\n"
    assert "#" not in mark_underlined_headings(text, markdown=False)


def test_a_table_row_under_an_abbreviated_header_stays_one_sentence():
    # pysbd ends a sentence at "No." before a colon; the colon says the row goes on.
    row = "Item No.: 0001; Supplies/Services: Baselining effort; Quantity: 100; Unit: day."
    assert split_sentences(row) == [row]
    assert split_sentences("We met the CO. She agreed.") == ["We met the CO.", "She agreed."]


def test_dot_leader_lines_stay_records_of_their_own():
    text = ("CONTACT LIST\n\nDuty IT Manager (24 hours) ................... 091 555 0142\n"
            "Corrib escalation, Aisling Crowe ............. 087 555 3391\n"
            "Galway hospital switchboard .................. 091 555 1000\n")
    lines = unwrap(text).split("\n")
    assert "Duty IT Manager (24 hours) ................... 091 555 0142" in lines
    assert "Corrib escalation, Aisling Crowe ............. 087 555 3391" in lines
    # The dots are no ellipsis: the label and its value are one sentence.
    assert split_sentences(lines[2]) == [lines[2]]


def test_a_plain_text_table_laid_out_in_columns_reads_as_rows_naming_their_columns(tmp_path):
    # Hard-wrapped text around it; the rows are records, not wrapped text to be joined, and their
    # header is no heading: read as prose, "ColdTrack monitoring 2 hours 15 minutes Label printing..."
    # ran together and the header became the section every row was cited under.
    path = tmp_path / "continuity.txt"
    path.write_text(
        "8. Recovery objectives\n\n"
        "The recovery objectives below are agreed with the business owners and are\n"
        "the basis for backup settings and for supplier contracts.\n\n"
        "    System                               RTO          RPO\n"
        "    ---------------------------------------------------------\n"
        "    ColdTrack temperature monitoring     2 hours      15 minutes\n"
        "    Label printing and line data         4 hours      1 hour\n"
        "    Payroll and HR system                72 hours     24 hours\n\n"
        "Backups are kept for 35 days, and monthly backups are kept for\n"
        "13 months, in both data centres.\n",
        encoding="utf-8",
    )
    text = load_document(path, 10**6).text
    assert "# System" not in text and "System RTO RPO" not in text
    sentences = split_sentences(text)
    assert "System: ColdTrack temperature monitoring; RTO: 2 hours; RPO: 15 minutes." in sentences
    assert "System: Payroll and HR system; RTO: 72 hours; RPO: 24 hours." in sentences
    assert "Backups are kept for 35 days, and monthly backups are kept for 13 months, in both data centres." in sentences


def test_typed_prose_with_two_spaces_after_a_full_stop_is_still_unwrapped():
    text = ("The supplier reports every month.  The report covers incidents, changes and the\n"
            "service levels met.  It is sent to the IT manager and reviewed at the next meeting\n"
            "of the steering committee.\n")
    assert len(unwrap(text).split("\n")) == 1
