"""The planning interview driven by scripted answers: statement, risk register, revisions, resume, drafts."""

import json
import re

import pytest

from assistant.planning import (
    Interview,
    InterviewError,
    build_outputs,
    delete_draft,
    is_planning_request,
    list_drafts,
    load_draft,
    save_draft,
    statement_headings,
)
from assistant.settings import PROJECT_ROOT, Settings
from assistant.vendors import ServiceType, VendorProfile

CATALOGUE = (PROJECT_ROOT / "knowledge" / "practices" / "outsourcing-risks-and-mitigations.md").read_text(encoding="utf-8")

# One answer per question of interview.yaml, as an employee might type them.
ANSWERS = {
    "functions": "I want to outsource our helpdesk",
    "problem": "Tickets wait for days and we cannot hire support staff; we want predictable costs",
    "outcomes": "90% of tickets solved within one business day",
    "scope": "First- and second-level support for laptops, Microsoft 365 and printers",
    "out_of_scope": "The ERP system stays with our internal team",
    "users": "about 250 users at 3 sites",
    "current_setup": "Two in-house technicians and a shared Outlook inbox",
    "support_hours": "24/7",
    "service_levels": "respond within 30 minutes, resolve within 8 hours",
    "security": "ISO 27001 is mandatory; SOC 2 would be nice",
    "regulations": "GDPR",
    "data_residency": "EU only",
    "delivery": "remote, nearshore preferred",
    "time_zones": "CET",
    "languages": "German and English",
    "budget": "about 10k a month",
    "pricing_model": "per user per month",
    "timeline": "start in 3 months, fully live by Q2 2027",
    "decision_makers": "The CFO decides with the head of IT",
    "other_criteria": "Two references we can call",
}


@pytest.fixture
def plan_settings(tmp_path, make_knowledge, isolated_env) -> Settings:
    """Settings whose knowledge dir (in tmp_path) holds a small guide and the risk catalogue."""
    folder = make_knowledge(vendors={}, extra={"practices/outsourcing-risks-and-mitigations.md": CATALOGUE})
    return Settings(data_dir=tmp_path / "var", knowledge_dir=folder, chroma_url=None)


@pytest.fixture
def vendors(vendor_profile) -> list[VendorProfile]:
    """Two service desks that meet the hard requirements (one fits better) and a cloud provider."""
    return [VendorProfile.model_validate(p) for p in (
        vendor_profile("lotus-helpdesk", certifications=["ISO 27001"], data_residency=["EU"]),
        vendor_profile("alpen-desk", name="Alpen Desk", services=["it_support"], support_hours="24/7",
                       certifications=["ISO 27001", "SOC 2 Type II"], data_residency=["Germany"],
                       languages=["German", "English"], delivery_models=["nearshore"],
                       locations=[{"city": "Vienna", "country": "Austria", "region": "Europe", "timezone": "UTC+1"}],
                       pricing_model="per user per month", rate_range={"currency": "EUR", "min_hourly": 35,
                                                                         "max_hourly": 55},
                       sla={"critical_response_minutes": 15, "critical_resolution_hours": 4}),
        vendor_profile("nimbus-cloudworks", data_residency=["EU"], support_hours="24/7"),
    )]


def run(interview: Interview, answers: dict) -> None:
    """Answer every question the interview asks, from the script."""
    while (question := interview.current_question()) is not None:
        reply = interview.answer(answers[question.id])
        assert reply.accepted, (question.id, reply.message)


def register_rows(statement: str) -> list[list[str]]:
    """Return the body rows of the risk table in a statement."""
    section = statement.split("## Risks", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[c.strip() for c in row.strip("|").split(" | ")] for row in rows[2:]]


def test_a_full_interview_produces_a_statement_with_every_answer(plan_settings, vendors):
    interview = Interview.start(plan_settings)
    run(interview, ANSWERS)
    assert interview.is_complete and interview.progress() == (len(ANSWERS), len(ANSWERS))
    statement = build_outputs(interview, vendors).statement_md
    for question_id, text in ANSWERS.items():
        assert text in statement, question_id
    headings = re.findall(r"^## (.+)$", statement, re.MULTILINE)
    assert headings == statement_headings()
    # Parsed facts are restated next to the user's words.
    assert "10,000 per month (currency not stated)" in statement
    assert "The budget's currency is not stated." in statement.split("## Open questions")[1]


def test_the_risk_register_is_consistent_with_the_chosen_functions(plan_settings, vendors):
    interview = Interview.start(plan_settings)
    run(interview, ANSWERS)
    interview.register.rate("knowledge-transfer-gaps", 4, 5)
    interview.register.edit("loss-of-control", owner="Head of IT")
    interview.register.remove("hidden-costs-and-scope-creep")
    interview.register.add("Key technician leaves before the handover", category="People", likelihood=2, impact=4,
                           mitigation="Retention bonus until the transition ends")
    outputs = build_outputs(interview, vendors)
    rows = register_rows(outputs.statement_md)
    names = [row[0] for row in rows]
    assert len(rows) == len(outputs.register.entries)
    assert "Falling user satisfaction" in names and "Vendor lock-in" not in names
    assert "Hidden costs and scope creep" not in names
    assert "Key technician leaves before the handover" in names
    for risk, _category, likelihood, impact, score, mitigation, _owner in rows:
        assert int(score) == int(likelihood) * int(impact) and mitigation, risk
    scores = [int(row[4]) for row in rows]
    assert scores == sorted(scores, reverse=True) and rows[0][0] == "Knowledge transfer gaps"
    assert next(r for r in rows if r[0] == "Loss of control")[6] == "Head of IT"


def test_revising_an_answer_updates_statement_risks_and_shortlist(plan_settings, vendors):
    interview = Interview.start(plan_settings)
    run(interview, ANSWERS)
    before = build_outputs(interview, vendors)
    assert before.shortlist.fits[0].vendor_id == "alpen-desk"

    assert interview.revise("budget", "12k EUR a month").accepted
    assert interview.revise("functions", "cloud hosting and backup").accepted
    after = build_outputs(interview, vendors)
    assert "12k EUR a month" in after.statement_md and "about 10k a month" not in after.statement_md
    names = [e.risk for e in after.register.entries]
    assert "Vendor lock-in" in names and "Falling user satisfaction" not in names
    assert [f.vendor_id for f in after.shortlist.fits] == ["nimbus-cloudworks"]


def test_an_unreadable_answer_is_asked_again_and_optional_questions_can_be_skipped(plan_settings):
    interview = Interview.start(plan_settings)
    interview.go_to("budget")
    reply = interview.answer("we don't know yet")
    assert not reply.accepted and reply.question.id == "budget"
    assert "could not find an amount" in reply.message and "skip" in reply.message
    assert interview.value("budget") is None
    reply = interview.skip()
    assert reply.accepted and reply.question.id == "pricing_model"
    interview.go_to("scope")
    refused = interview.skip()
    assert not refused.accepted and refused.question.id == "scope"


def test_skipped_and_missing_answers_become_open_questions(plan_settings, vendors):
    interview = Interview.start(plan_settings)
    interview.go_to("budget")
    interview.skip()
    statement = build_outputs(interview, vendors).statement_md
    open_questions = statement.split("## Open questions")[1]
    assert "What budget do you have for this? (not answered yet)" in open_questions
    assert "Which IT function or functions do you want to outsource? (not answered yet)" in open_questions


def test_back_returns_to_the_previous_question(plan_settings):
    interview = Interview.start(plan_settings)
    interview.answer(ANSWERS["functions"])
    assert interview.back().id == "functions"
    interview.answer("our servers")
    assert interview.services == (ServiceType.infrastructure,)
    assert interview.current_question().id == "problem"


def test_an_interview_resumes_from_its_saved_state(plan_settings):
    interview = Interview.start(plan_settings)
    for question_id in ("functions", "problem", "outcomes"):
        interview.answer(ANSWERS[question_id])
    interview.register.rate("loss-of-control", 5, 2)
    saved = json.loads(json.dumps(interview.to_dict()))
    resumed = Interview.from_dict(plan_settings, saved)
    assert resumed.answers == interview.answers
    assert resumed.current_question().id == "scope"
    assert resumed.register.get("loss-of-control").score == 10
    with pytest.raises(InterviewError, match="cannot be read"):
        Interview.from_dict(plan_settings, {"answers": "not a mapping"})


def test_unknown_question_ids_are_clear_errors(plan_settings):
    with pytest.raises(InterviewError, match="no question 'budgett'"):
        Interview.start(plan_settings).revise("budgett", "10k")


def test_a_chat_message_starts_the_interview_with_the_function_it_names(plan_settings):
    request = is_planning_request("I want to outsource our helpdesk")
    assert request and request.services == (ServiceType.it_support,)
    assert is_planning_request("Can you help me define my needs?")
    assert is_planning_request("plan an outsourcing")
    assert not is_planning_request("What are the risks of IT outsourcing?")
    assert not is_planning_request("What is a needs statement?")
    interview = Interview.start(plan_settings, opening="I want to outsource our helpdesk")
    assert interview.answers == {"functions": "I want to outsource our helpdesk"}
    assert interview.current_question().id == "problem"


def test_questions_carry_guide_citations(plan_settings):
    interview = Interview.start(plan_settings)
    citation = interview.citation(interview.question("scope"))
    assert citation.section == "Step 1: Define Needs"
    assert citation.excerpt == "Write down which functions you want to outsource and the goals you want to reach."
    assert interview.citation(interview.question("out_of_scope")) is None


def test_drafts_are_saved_per_user(plan_settings):
    interview = Interview.start(plan_settings, opening="I want to outsource our helpdesk")
    draft_id = save_draft(plan_settings, "ana", interview, statement_md="# edited by Ana")
    assert [d.id for d in list_drafts(plan_settings, "ana")] == [draft_id]
    assert list_drafts(plan_settings, "ben") == [] and load_draft(plan_settings, "ben", draft_id) is None
    interview.answer(ANSWERS["problem"])
    save_draft(plan_settings, "ana", interview, draft_id=draft_id)
    draft = load_draft(plan_settings, "ana", draft_id)
    assert draft.statement_md == "# edited by Ana" and draft.title == "Outsourcing plan: IT support"
    assert Interview.from_dict(plan_settings, draft.state).answers["problem"] == ANSWERS["problem"]
    assert delete_draft(plan_settings, "ana", draft_id) and not list_drafts(plan_settings, "ana")
