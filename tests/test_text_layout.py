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
