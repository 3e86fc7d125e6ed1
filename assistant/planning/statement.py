"""Render the needs statement in Markdown from the interview, its risk register and a vendor shortlist."""

import re
from datetime import date

from assistant.planning.parsing import Budget, Goals, PerFunction, Services, Timeline
from assistant.planning.questions import SECTIONS, Question
from assistant.planning.requirements import Requirements, relax_label
from assistant.planning.scoring import ScoringMatrix, matrix_markdown
from assistant.planning.shortlist import Shortlist
from assistant.vendors import SERVICE_LABELS

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
    moved = [e for e in entries if e.reason and not e.rated]
    if moved:
        lines += ["", "Ratings proposed from your answers (change them if you judge otherwise):", ""]
        lines += [f"- {e.risk}: {e.reason}" for e in moved]
    return lines


def _criteria(interview, need: Requirements) -> list[str]:
    hard = need.hard_criteria()
    soft = need.soft_criteria()
    lines = ["Must meet (a vendor missing one of these is not shortlisted):"]
    lines += [f"- {c}" for c in hard] or ["- No hard requirement stated."]
    for service, extra in need.function_criteria().items():
        if extra:
            lines.append(f"- For {SERVICE_LABELS[service]} only: {'; '.join(extra)}")
    if need.relaxed:
        lines.append(f"- Relaxed to a preference: {'; '.join(relax_label(k) for k in need.relaxed)}")
    lines += ["", "Compared and scored (budget counts most, then languages, time zones and service levels):"]
    lines += [f"- {c}" for c in soft] or ["- No preferences stated."]
    lines += [
        "",
        "Also assess each provider's capabilities and experience, and talk to several providers "
        f"(see “Step 2: Choose an Outsourcing Partner” and “Choosing a Provider and Next Steps” in {GUIDE}).",
    ]
    extra = _section_answers(interview, "criteria")
    return lines + ([""] + extra if extra else [])


def _fit_lines(rank: int, fit) -> list[str]:
    lines = ["", f"### {rank}. {fit.name} — fit {fit.score}/100", ""]
    lines += [f"- Fits: {r}" for r in fit.reasons] or ["- Fits: meets the hard requirements"]
    lines += [f"- Gap: {g}" for g in fit.gaps]
    return lines + [f"- Source: {fit.citation}"]


def _shortlist(shortlist: Shortlist | None, matrix: ScoringMatrix | None = None, costs: list[str] | None = None) -> list[str]:
    if shortlist is None:
        return ["No vendor profiles were compared."]
    if not shortlist.fits:
        lines = ["No single vendor profile meets every hard requirement."]
    else:
        lines = ["Vendor profiles from the knowledge base, ranked by fit to the needs above (fit out of 100)."]
    if shortlist.others:
        lines.append(f"{shortlist.others} more vendors meet the hard requirements but fit less well.")
    for rank, fit in enumerate(shortlist.fits, 1):
        lines += _fit_lines(rank, fit)
    if shortlist.pairs:
        lines += ["", "### Pairs of vendors that together cover every function", ""]
        lines += [f"{n}. {' + '.join(p.names)} — combined fit {p.score}/100: {'; '.join(p.reasons)}"
                  for n, p in enumerate(shortlist.pairs, 1)]
    if shortlist.by_function:
        lines += ["", "### Candidates per function", ""]
        for service, fits in shortlist.by_function.items():
            names = ", ".join(f"{f.name} ({f.score}/100)" for f in fits[:5]) or "none meets this function's requirements"
            lines.append(f"- {SERVICE_LABELS[service]}: {names}")
    if shortlist.near_misses:
        lines += ["", "### Near misses (one requirement missed; relaxing it would admit them)", ""]
        lines += [f"- {m.name}: {m.missed} — relax {relax_label(m.key)}" for m in shortlist.near_misses]
    if costs:
        lines += ["", "### Cost comparison", ""] + costs
    if matrix is not None and matrix.rows:
        lines += ["", "### Scoring matrix", ""] + matrix_markdown(matrix)
    if shortlist.excluded:
        lines += ["", "Not shortlisted:", ""]
        lines += [f"- {ex.name} (id {ex.vendor_id}): {'; '.join(ex.reasons)}" for ex in shortlist.excluded]
    if shortlist.unrelated:
        lines += ["", f"{shortlist.unrelated} other vendor profile{'s provide' if shortlist.unrelated != 1 else ' provides'} "
                 "none of the functions."]
    return lines


def open_questions(interview, shortlist: Shortlist | None = None) -> list[str]:
    """Return what the statement leaves open: unanswered questions, unstated details, unrated risks."""
    points = [f"{q.prompt} (not answered yet)" for q in interview.questions if q.id not in interview.answers]
    for question in interview.questions:
        value = interview.value(question.id) if question.id in interview.answers else None
        if isinstance(value, Budget):
            points += value.open_points()
        elif isinstance(value, Timeline):
            points += list(value.open_points)
        elif isinstance(value, PerFunction):
            points += value.open_points()
            stray = [SERVICE_LABELS[f] for f in value.functions if f not in interview.services]
            if stray:
                points.append(f"“{question.label}” names {', '.join(stray)}, which is not among the functions to "
                              "outsource, so that part is not applied; add the function or change the answer.")
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
        points.append(f"{len(unrated)} risks carry a proposed rating (3 × 3 unless your answers moved it) and need "
                      f"a review: {', '.join(unrated)}.")
    ownerless = [e.risk for e in register.entries if not e.owner]
    if ownerless:
        points.append(f"{len(ownerless)} risks have no owner yet.")
    if shortlist is not None and not shortlist.fits and shortlist.pairs:
        points.append("No single vendor covers every function: decide whether to contract one of the vendor pairs, "
                      "or relax a requirement a near miss names.")
    elif shortlist is not None and not shortlist.fits:
        points.append("No vendor profile meets every hard requirement: decide which requirement could be relaxed, "
                      "or look for more providers.")
    if shortlist is not None and (any(f.sample for f in shortlist.fits) or any(p.sample for p in shortlist.pairs)):
        points.append("Shortlisted vendors include sample profiles; verify every fact with the vendors themselves.")
    return points


def render_statement(interview, shortlist: Shortlist | None = None, today: date | None = None,
                     matrix: ScoringMatrix | None = None, costs: list[str] | None = None) -> str:
    """Return the needs statement as Markdown, with the same `##` sections every time."""
    need = Requirements.from_interview(interview)
    services = interview.value_of("services")
    subject = ", ".join(SERVICE_LABELS[t] for t in services.types) or services.summary() \
        if isinstance(services, Services) else "draft"
    day = (today or getattr(interview, "today", None) or date.today()).isoformat()
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
            content = _shortlist(shortlist, matrix, costs)
        elif heading == OPEN_QUESTIONS_HEADING:
            content = [f"- {p}" for p in open_questions(interview, shortlist)] or ["None."]
        else:
            content = body[key] or ["*Not answered yet.*"]
        lines += ["", f"## {heading}", ""] + content
    return "\n".join(lines) + "\n"
