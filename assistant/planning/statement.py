"""Render the needs statement in Markdown from the interview, its risk register and a vendor shortlist."""

import re
from datetime import date

from assistant.planning.parsing import Budget, Goals, Services, Timeline
from assistant.planning.questions import SECTIONS, Question
from assistant.planning.requirements import Requirements
from assistant.planning.shortlist import Shortlist

RISKS_HEADING = "Risks"
SHORTLIST_HEADING = "Vendor shortlist"
OPEN_QUESTIONS_HEADING = "Open questions"
REGISTER_COLUMNS = ("Risk", "Category", "Likelihood", "Impact", "Score", "Mitigation", "Owner")
NO_OWNER = "to be assigned"
GUIDE = "IT Outsourcing: A Practical Guide"


def statement_headings() -> list[str]:
    """Return the `##` section headings of every statement, in order."""
    body = [h for key, h in SECTIONS.items() if key != "criteria"]
    return body + [RISKS_HEADING, SECTIONS["criteria"], SHORTLIST_HEADING, OPEN_QUESTIONS_HEADING]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def cell(text: str) -> str:
    """Return text safe for a Markdown table cell."""
    return _one_line(text).replace("|", "\\|") or " "


def _answer_line(question: Question, text: str, value) -> str:
    said = _one_line(text)
    summary = _one_line(value.summary()) if value is not None else said
    if question.parser in ("text", "goals") or summary == said:
        return f"- **{question.label}:** {said}"
    return f"- **{question.label}:** {summary} — “{said}”"


def _section_answers(interview, key: str) -> list[str]:
    lines = []
    for question in interview.questions:
        if question.section == key and question.id in interview.answers:
            lines.append(_answer_line(question, interview.answers[question.id], interview.value(question.id)))
    return lines


def _objectives(interview) -> list[str]:
    goals = interview.value_of("goals")
    lines = []
    if isinstance(goals, Goals) and goals.benefits:
        lines.append(f"- **Benefits sought, in the guide's terms:** {', '.join(goals.benefits)} "
                     f"(see “5 Key Benefits of Outsourcing” in {GUIDE})")
    return lines + _section_answers(interview, "objectives")


def _risk_table(register) -> list[str]:
    entries = register.ranked()
    if not entries:
        return ["No risks recorded."]
    lines = [
        "Likelihood and impact are rated from 1 (low) to 5 (high); the score is likelihood × impact. Proposed risks and "
        "mitigations come from “Outsourcing Risks and Mitigations”, written by the assistant team to complement the "
        "guide; the general ones are the risks the guide's Q&A names.",
        "",
        "| " + " | ".join(REGISTER_COLUMNS) + " |",
        "|" + "|".join("---" for _ in REGISTER_COLUMNS) + "|",
    ]
    for e in entries:
        row = [e.risk, e.category, str(e.likelihood), str(e.impact), str(e.score), e.mitigation or "none yet",
               e.owner or NO_OWNER]
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return lines


def _criteria(interview, need: Requirements) -> list[str]:
    hard = need.hard_criteria()
    soft = need.soft_criteria()
    lines = ["Must meet (a vendor missing one of these is not shortlisted):"]
    lines += [f"- {c}" for c in hard] or ["- No hard requirement stated."]
    lines += ["", "Compared and scored (budget counts most, then languages, time zones and service levels):"]
    lines += [f"- {c}" for c in soft] or ["- No preferences stated."]
    lines += [
        "",
        "Also assess each provider's capabilities and experience, and talk to several providers "
        f"(see “Step 2: Choose an Outsourcing Partner” and “Choosing a Provider and Next Steps” in {GUIDE}).",
    ]
    extra = _section_answers(interview, "criteria")
    return lines + ([""] + extra if extra else [])


def _shortlist(shortlist: Shortlist | None) -> list[str]:
    if shortlist is None:
        return ["No vendor profiles were compared."]
    if not shortlist.fits:
        lines = ["No vendor profile meets every hard requirement."]
    else:
        lines = ["Vendor profiles from the knowledge base, ranked by fit to the needs above (fit out of 100)."]
    if shortlist.others:
        lines.append(f"{shortlist.others} more vendors meet the hard requirements but fit less well.")
    for rank, fit in enumerate(shortlist.fits, 1):
        lines += ["", f"### {rank}. {fit.name} — fit {fit.score}/100", ""]
        lines += [f"- Fits: {r}" for r in fit.reasons] or ["- Fits: meets the hard requirements"]
        lines += [f"- Gap: {g}" for g in fit.gaps]
        lines.append(f"- Source: {fit.citation}")
    if shortlist.excluded:
        lines += ["", "Not shortlisted:", ""]
        lines += [f"- {ex.name} (id {ex.vendor_id}): {'; '.join(ex.reasons)}" for ex in shortlist.excluded]
    return lines


def open_questions(interview, shortlist: Shortlist | None = None) -> list[str]:
    """Return what the statement leaves open: unanswered questions, unstated details, unrated risks."""
    points = [f"{q.prompt} (not answered yet)" for q in interview.questions if q.id not in interview.answers]
    for kind in ("budget", "timeline"):
        value = interview.value_of(kind)
        if isinstance(value, Budget):
            points += value.open_points()
        elif isinstance(value, Timeline):
            points += list(value.open_points)
    outcomes = next((q for q in interview.questions if q.section == "objectives" and q.id in interview.answers), None)
    if outcomes and not re.search(r"\d", interview.answers[outcomes.id]):
        points.append("The measurable outcomes have no figure yet; add targets (a number, percentage or time) "
                      "so the provider's work can be checked.")
    services = interview.value_of("services")
    if isinstance(services, Services) and services.other:
        points.append(f"“{services.other}” is not one of the guide's five types; vendor profiles were not matched for it.")
    register = interview.register
    unrated = [e.risk for e in register.entries if not e.rated]
    if unrated:
        points.append(f"{len(unrated)} risks still carry the default rating (3 × 3) and need a review: {', '.join(unrated)}.")
    ownerless = [e.risk for e in register.entries if not e.owner]
    if ownerless:
        points.append(f"{len(ownerless)} risks have no owner yet.")
    if shortlist is not None and not shortlist.fits:
        points.append("No vendor profile meets every hard requirement: decide which requirement could be relaxed, "
                      "or look for more providers.")
    if shortlist is not None and any(f.sample for f in shortlist.fits):
        points.append("Shortlisted vendors include sample profiles; verify every fact with the vendors themselves.")
    return points


def render_statement(interview, shortlist: Shortlist | None = None, today: date | None = None) -> str:
    """Return the needs statement as Markdown, with the same `##` sections every time."""
    need = Requirements.from_interview(interview)
    services = interview.value_of("services")
    subject = services.summary() if isinstance(services, Services) else "draft"
    day = (today or date.today()).isoformat()
    body: dict[str, list[str]] = {key: _section_answers(interview, key) for key in SECTIONS}
    body["objectives"] = _objectives(interview)
    lines = [
        f"# Outsourcing needs statement: {subject}",
        "",
        f"*Draft of {day}, prepared with the IT outsourcing assistant from the answers given in the planning "
        f"interview; where an answer was interpreted, the author's own words follow in quotation marks. "
        f"Guide references point to “{GUIDE}”.*",
    ]
    for heading in statement_headings():
        key = next((k for k, h in SECTIONS.items() if h == heading), None)
        if heading == RISKS_HEADING:
            content = _risk_table(interview.register)
        elif key == "criteria":
            content = _criteria(interview, need)
        elif heading == SHORTLIST_HEADING:
            content = _shortlist(shortlist)
        elif heading == OPEN_QUESTIONS_HEADING:
            content = [f"- {p}" for p in open_questions(interview, shortlist)] or ["None."]
        else:
            content = body[key] or ["*Not answered yet.*"]
        lines += ["", f"## {heading}", ""] + content
    return "\n".join(lines) + "\n"
