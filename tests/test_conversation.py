"""Conversation behaviour a user notices: small talk, follow-ups, repeats, vendor comparisons, routes."""

import yaml

from assistant.answering import Turn
from assistant.answering.answerers import Prepared, Structured, anchored, first_answer, Answerer
from assistant.answering.small_talk import small_talk_kind
from assistant.knowledge.retrieval import Hit
from fakes import ask_then_follow_up
from test_answering_chain import make_assistant

POLICY = """# Acme Supplier Policy

## Supplier risk review

Every supplier risk review covers foreign ownership, financial stability and past security incidents.
The review is repeated every two years by the procurement office.
"""


VENDOR_IDS = ("harbor-secure", "nimbus-cloudworks", "lotus-helpdesk")


def vendors_extra(vendor_profile) -> dict[str, str]:
    return {f"vendors/{vid}.yaml": yaml.safe_dump(vendor_profile(vid)) for vid in VENDOR_IDS}


def test_greeting_and_thanks_get_a_friendly_reply_not_a_refusal(tmp_path):
    assistant = make_assistant(tmp_path)
    for message, expected in (("hi", "Hello"), ("Hello!", "Hello"), ("thanks!", "welcome"), ("Thank you so much", "welcome")):
        answer = assistant.answer(message)
        assert not answer.refused and expected in answer.answer, (message, answer.answer)
        assert "doesn't cover" not in answer.answer


def test_greeting_after_a_question_is_not_condensed_into_it(tmp_path):
    history = [Turn("user", "What are the risks of cloud outsourcing?"), Turn("assistant", "Risks include losing control. [1]")]
    answer = make_assistant(tmp_path).answer("hi", history)
    assert answer.standalone_question == "hi" and "Hello" in answer.answer


def test_an_acknowledgement_or_a_request_for_help_gets_a_reply_not_a_refusal(tmp_path):
    assistant = make_assistant(tmp_path)
    history = [Turn("user", "What are the risks of cloud outsourcing?"), Turn("assistant", "Risks include losing control. [1]")]
    for message in ("ok", "got it, thanks", "can you help me?", "what can I ask you about?"):
        answer = assistant.answer(message, history)
        assert not answer.refused and answer.standalone_question == message, (message, answer.answer)
        assert "doesn't cover" not in answer.answer
    assert small_talk_kind("ok, what about the costs?") is None and small_talk_kind("is that ok?") is None


def test_asking_what_the_knowledge_base_holds_lists_its_documents_with_citations(tmp_path):
    assistant = make_assistant(tmp_path, extra={"acme-policy.md": POLICY})
    answer = assistant.answer("What documents do you have?")
    assert not answer.refused and "Acme Supplier Policy [" in answer.answer, answer.answer
    assert "Acme Supplier Policy" in {source.title for source in answer.sources}
    # A question about documents a contract needs is a question about contracts, not about this list.
    other = assistant.answer("What documents do we need for the supplier risk review?")
    assert "knowledge base holds" not in other.answer


def test_a_request_to_translate_or_write_something_is_declined_plainly(tmp_path):
    assistant = make_assistant(tmp_path)
    for message in ("Translate 'cloud outsourcing' into Japanese.", "write me a poem about outsourcing",
                    "Could you tell me a joke?"):
        answer = assistant.answer(message)
        assert answer.refused and "can't translate or write" in answer.answer and not answer.sources, (message, answer.answer)
    assert not assistant.answer("What are the risks of cloud outsourcing?").refused


def test_small_talk_of_several_clauses_gets_the_friendly_reply(tmp_path):
    # "morning! hope you're well" was answered with a major-incident procedure quoted from a document.
    assistant = make_assistant(tmp_path)
    for message in ("morning! hope you're well", "hey team, how's it going?", "Hi! How are you today?",
                    "cheers, that was really helpful", "thanks for the help, bye for now", "Thanks :)"):
        answer = assistant.answer(message)
        assert not answer.refused and not answer.sources, (message, answer.answer)
        assert answer.standalone_question == message
    assert small_talk_kind("morning! hope you're well") == "greeting"
    assert small_talk_kind("thanks for the help, bye for now") == "thanks"
    for question in ("morning! what are the risks?", "how are things with the vendor?", "hope the vendor is well"):
        assert small_talk_kind(question) is None, question


def test_a_question_with_a_greeting_in_front_is_still_answered():
    assert small_talk_kind("hi, what does cloud outsourcing include?") is None
    assert small_talk_kind("thanks, and what about the risks?") is None


def test_a_second_follow_up_still_knows_the_subject_of_the_first_question():
    from assistant.answering.condense import heuristic_standalone

    history = [Turn("user", "How often is the supplier risk review repeated?"), Turn("assistant", "Every two years. [1]"),
               Turn("user", "who does it?"), Turn("assistant", "The procurement office. [1]")]
    standalone = heuristic_standalone("and what does it cover?", history)
    assert "supplier risk review" in standalone and " be " not in standalone, standalone


def test_a_self_contained_question_is_not_condensed(tmp_path):
    history = [Turn("user", "What does cloud outsourcing include?"), Turn("assistant", "Hosting and backup. [1]")]
    answer = make_assistant(tmp_path).answer("What does IT support outsourcing cover?", history)
    assert answer.standalone_question == "What does IT support outsourcing cover?"


def test_a_follow_up_never_gets_the_previous_answer_word_for_word(tmp_path):
    first, follow_up = ask_then_follow_up(make_assistant(tmp_path), "What are the risks of outsourcing?",
                                          "and how flexible is it for peak periods?")
    assert not follow_up.refused and follow_up.answer != first.answer


def test_comparing_named_vendors_gives_a_table_with_every_vendor(tmp_path, vendor_profile):
    assistant = make_assistant(tmp_path, extra=vendors_extra(vendor_profile))
    answer = assistant.answer("Compare Harbor Secure and Lotus Helpdesk")
    assert "| Vendor | Services |" in answer.answer
    assert "| **Harbor Secure** |" in answer.answer and "| **Lotus Helpdesk** |" in answer.answer and answer.answer.endswith("[2]")
    assert [s.metadata.get("vendor_id") for s in answer.sources] == ["harbor-secure", "lotus-helpdesk"]
    three = assistant.answer("Harbor Secure vs Nimbus Cloudworks vs Lotus Helpdesk: which is better?")
    assert all(name in three.answer for name in ("Harbor Secure", "Nimbus Cloudworks", "Lotus Helpdesk"))


def test_which_vendors_could_handle_that_filters_by_the_previous_topic(tmp_path, vendor_profile):
    assistant = make_assistant(tmp_path, extra=vendors_extra(vendor_profile))
    history = [Turn("user", "What does IT support outsourcing cover?"),
               Turn("assistant", "IT support outsourcing covers help with technical issues. [1]")]
    answer = assistant.answer("which of the vendors could handle that?", history)
    assert "Lotus Helpdesk" in answer.answer and "Harbor Secure" not in answer.answer


def _hit(source: str, kind: str) -> Hit:
    return Hit(f"id-{source}", "text", source, source, "Section", 0.5, {"kind": kind})


def test_a_canned_route_never_wins_over_the_best_passage():
    company = _hit("uploads/policy.md", "document")
    notes = _hit("knowledge/practices/risks.md", "practice")
    canned = Answerer("risk_list", lambda p, hits, r: ("Canned risk list [1]", [notes]))
    prepared = Prepared("What does our supplier risk review cover?", "What does our supplier risk review cover?")
    assert not anchored(Structured("risk_list", "x", [notes]), [company, notes])
    assert first_answer([canned], prepared, [company, notes], None, require_anchor=True) is None
    assert first_answer([canned], prepared, [notes, company], None, require_anchor=True).text == "Canned risk list [1]"


def test_a_risk_question_about_a_company_document_is_answered_from_it(tmp_path):
    answer = make_assistant(tmp_path, extra={"docs/policy.md": POLICY}).answer(
        "What does the supplier risk review cover at Acme?")
    assert not answer.refused and "foreign ownership" in answer.answer
    assert answer.sources[0].title == "Acme Supplier Policy"


PROCEDURE = """# Acme Incident Procedure

## Handling an incident

All incidents are handled in these steps, by the service desk on duty.

1. Log the incident in the ticket system with the time it was reported.
2. Classify the incident by priority using the priority matrix.
3. Review the incident with the supplier within five working days.

## Contract dates

The hosting contract with Skyline runs until 31 December 2028 and renews for one year unless cancelled.
Skyline hosts the production systems in its Oslo data centre under the hosting contract.
"""


def test_a_sentence_introducing_a_list_is_quoted_with_the_list(tmp_path):
    answer = make_assistant(tmp_path, extra={"docs/procedure.md": PROCEDURE}).answer(
        "How is an incident handled at Acme, step by step?")
    assert "\n- Log the incident" in answer.answer and "\n- Classify" in answer.answer and "\n- Review" in answer.answer


def test_a_when_question_leads_with_the_sentence_holding_a_date(tmp_path):
    answer = make_assistant(tmp_path, extra={"docs/procedure.md": PROCEDURE}).answer(
        "When does the Skyline hosting contract run out?")
    assert answer.answer.startswith("The hosting contract with Skyline runs until 31 December 2028")


def test_a_rule_question_mentioning_a_provider_is_not_a_vendor_list(tmp_path, vendor_profile):
    answer = make_assistant(tmp_path, extra=vendors_extra(vendor_profile)).answer(
        "Can we put payroll data with a cloud provider in Europe?")
    assert "vendor profiles in our knowledge base match" not in answer.answer


def test_a_name_the_passages_never_mention_is_not_answered_from_them(tmp_path, vendor_profile):
    # The knowledge base names Poland (a vendor's office) but says nothing about its capital.
    offices = "# Supplier offices\n\n## Locations\n\nOur helpdesk supplier works from Gdansk, Poland, with a team of forty agents.\n"
    assistant = make_assistant(tmp_path, extra={"notes/offices.md": offices})
    assert assistant.answer("what's the capital of Poland?").refused


def test_a_question_asking_for_a_percentage_needs_a_passage_that_holds_one(tmp_path):
    assistant = make_assistant(tmp_path)
    assert assistant.answer("What percentage of cloud outsourcing backup and recovery costs is typical?").refused
    assert not assistant.answer("What does cloud outsourcing include?").refused


def test_a_follow_up_with_that_before_a_preposition_is_condensed(tmp_path):
    history = [Turn("user", "What does cloud outsourcing include?"), Turn("assistant", "Hosting and backup. [1]")]
    answer = make_assistant(tmp_path).answer("can we do that in a short-term project?", history)
    assert "cloud outsourcing" in answer.standalone_question


def test_a_follow_up_naming_another_code_replaces_the_earlier_one():
    from assistant.answering.condense import heuristic_standalone

    history = [Turn("user", "How fast must the helpdesk respond to a P1 ticket?"), Turn("assistant", "Within 15 minutes. [1]")]
    standalone = heuristic_standalone("and for P3?", history)
    assert "P3" in standalone and "P1" not in standalone and "helpdesk" in standalone


EXIT_POLICY = """# Acme Supplier Policy

## Exit obligations

Every contract names an exit manager on each side. The exit plan is reviewed once a year by the vendor
manager and the business owner. Changes to the plan are recorded in the supplier register with their date.
Exit costs are agreed in advance and form part of the total contract value used for approvals.
On termination or expiry, for whatever reason, the supplier must:

- return all Acme data in an open format within 30 days of the end of the contract;
- provide transition assistance for up to 6 months;
- delete all Acme data within 60 days and give a written deletion certificate.

## Supplier register

The vendor manager keeps the supplier register and tracks contract renewal dates for every supplier.
"""


def test_an_answer_found_in_one_list_item_quotes_the_whole_list_with_its_introduction(tmp_path):
    answer = make_assistant(tmp_path, extra={"policies/exit.md": EXIT_POLICY}).answer(
        "How many days does the supplier have to delete Acme data and give a deletion certificate?")
    assert not answer.refused
    for fact in ("On termination or expiry", "30 days", "6 months", "deletion certificate"):
        assert fact in answer.answer, (fact, answer.answer)


def test_a_short_unrelated_question_after_a_real_one_is_still_refused(tmp_path):
    offices = "# Supplier offices\n\n## Locations\n\nOur helpdesk supplier works from Gdansk, Poland, with a team of forty agents.\n"
    assistant = make_assistant(tmp_path, extra={"notes/offices.md": offices})
    history = [Turn("user", "What are the risks of cloud outsourcing?"), Turn("assistant", "Risks include losing control. [1]")]
    assert assistant.answer("what's the capital of Poland?", history).refused
    assert not assistant.answer("and the benefits?", history).refused


ONBOARDING = """# Supplier Onboarding Procedure

## Step 1: Register the supplier

The buyer registers the supplier in the supplier register before placing any order.

## Step 2: Check security

The security team reviews the supplier's security questionnaire within ten working days.

## Step 3: Sign the agreement

The CIO signs the agreement once the security check has passed.
"""


def test_what_comes_next_after_an_answer_is_the_following_section_of_its_document(tmp_path):
    assistant = make_assistant(tmp_path, extra={"procedures/onboarding.md": ONBOARDING})
    first, follow = ask_then_follow_up(assistant, "How does the buyer register the supplier in the supplier register?",
                                       "and what comes next?")
    assert "registers the supplier" in first.answer
    assert "security questionnaire" in follow.answer and "Check security" in follow.answer
    assert "registers the supplier" not in follow.answer
    assert follow.sources[0].section.endswith("Step 2: Check security")
    # With nothing said before, "next" points at nothing: the question is searched like any other.
    alone = assistant.answer("What comes next?")
    assert "Check security" not in alone.answer


HELPDESK_RISKS = """# Helpdesk Outsourcing Notes

## Outsourcing the helpdesk

Outsourcing the helpdesk can go wrong in several ways, so plan the transition with care.

## Falling user satisfaction

Users used to a familiar in-house team may find a remote service desk slower and stop reporting problems.
Mitigation: measure user satisfaction on every ticket and define an escalation path for unhappy users.
"""


def test_a_follow_up_pointing_at_what_the_answer_said_is_answered_about_that(tmp_path):
    assistant = make_assistant(tmp_path, extra={"docs/helpdesk.md": HELPDESK_RISKS})
    history = [Turn("user", "What could go wrong if we outsource our helpdesk?"),
               Turn("assistant", "Users used to a familiar in-house team may find a remote service desk slower "
                                 "and stop reporting problems. [1]")]
    answer = assistant.answer("what can we do about that?", history)
    assert not answer.refused and "escalation path" in answer.answer, answer.answer
    # A follow-up with a subject of its own is searched for that subject, not for the last answer.
    own = assistant.answer("and how flexible is it for peak periods?", history)
    assert "peak periods" in own.answer and "users" not in own.standalone_question.lower(), own.standalone_question


def test_a_vendor_name_the_knowledge_base_never_uses_gets_no_list_of_other_vendors(tmp_path, vendor_profile):
    assistant = make_assistant(tmp_path, extra=vendors_extra(vendor_profile))
    answer = assistant.answer("Does Veltrix Cloud Partners have ISO 27001, and what do they charge?")
    assert answer.refused and not any(v.replace("-", " ") in answer.answer.lower() for v in VENDOR_IDS), answer.answer
    assert "doesn't cover Veltrix Cloud Partners," in answer.answer, answer.answer
    assert not assistant.answer("Which vendors offer cloud services?").refused


def test_an_outline_is_anchored_on_its_section_not_on_any_passage_of_its_document():
    def hit(section: str) -> Hit:
        return Hit(f"id-{section}", "text", "guide.md", "Guide", section, 0.5, {"kind": "guide"})

    outline = Structured("outline", "- Cost [1]\n- Speed [2]", [hit("Benefits > Cost"), hit("Benefits > Speed")])
    assert anchored(outline, [hit("Benefits"), hit("Q&A")])
    assert anchored(outline, [hit("Benefits > Cost")])
    # The Q&A answering "According to the Q&A, what are the benefits?" beats the list of sub-sections.
    assert not anchored(outline, [hit("Q&A"), hit("Benefits")])
    # Other routes need only the document when they draw one line from it...
    assert anchored(Structured("risk_list", "x", [hit("Risks > Lock-in")]), [hit("Cloud")])
    # ...but a list drawn from the best passage's document may not leave that passage out.
    risks = Structured("risk_list", "x", [hit("Risks > Lock-in"), hit("Risks > Access")])
    assert anchored(risks, [hit("Risks > Access")])
    assert not anchored(risks, [hit("Introduction")])


KICK_OFF = """# Working with a new vendor

## Kick-off meeting

Every kick-off meeting with a new vendor introduces the team members and plans the next steps of the kick-off week.
The contracting officer may hold a separate contractual kick-off meeting before the team kick-off meeting.
The vendor's project manager sends the agenda of the kick-off meeting to everyone invited one week ahead.
The minutes of the kick-off meeting are stored with the contract file by the contracting officer.
When planning, think about attendance, facilitation and which stakeholders need time on the agenda.
"""


def test_a_follow_up_is_answered_by_its_own_words_within_the_passages_of_its_subject(tmp_path):
    history = [Turn("user", "Do we have to hold a kick-off meeting with the vendor?"),
               Turn("assistant", "Yes: every kick-off meeting introduces the team members. [1]")]
    answer = make_assistant(tmp_path, extra={"docs/kickoff.md": KICK_OFF}).answer(
        "what should I think about when planning it?", history)
    assert "kick-off meeting" in answer.standalone_question.lower()
    assert answer.answer.startswith("When planning, think about attendance"), answer.answer


def test_a_canned_route_is_anchored_on_the_passage_the_answer_leads_with():
    benefit = _hit("guide/guide.md", "guide")
    notes = _hit("knowledge/practices/risks.md", "practice")
    canned = Answerer("risk_list", lambda p, hits, r: ("Canned risk list [1]", [notes]))
    prepared = Prepared("What could go wrong with the helpdesk?", "What could go wrong with the helpdesk?")
    # Ranked first, a benefit of the guide; read sentence by sentence, the notes answer best.
    assert first_answer([canned], prepared, [benefit, notes], None, require_anchor=True) is None
    assert first_answer([canned], prepared, [benefit, notes], None, require_anchor=True, best=notes).text == "Canned risk list [1]"


def test_a_follow_up_that_would_get_the_same_answer_is_told_there_is_no_more(tmp_path):
    assistant = make_assistant(tmp_path, extra={"docs/policy.md": POLICY})
    first, again = ask_then_follow_up(assistant, "What does the supplier risk review cover?", "tell me more about that")
    assert "foreign ownership" in first.answer
    assert again.answer != first.answer and "nothing more" in again.answer, again.answer
    assert again.answer.endswith(first.answer) and again.sources  # what there is stays quoted and cited
