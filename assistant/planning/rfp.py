"""Draft a request for proposal from the needs: scope, numbered requirements, service levels, security questions."""

from datetime import date

from assistant.planning.parse_time import duration_text
from assistant.planning.parsing import Services, Timeline
from assistant.planning.requirements import Requirements
from assistant.planning.scoring import ScoringMatrix, criteria
from assistant.planning.vocabulary import offset_label
from assistant.vendors import SERVICE_LABELS

RFP_HEADINGS = ("Introduction and instructions", "Scope of services", "Requirements", "Service levels",
                "Security due-diligence questionnaire", "Evaluation criteria and weights", "Timeline")


def _answer(interview, question_id: str) -> str:
    return " ".join(interview.answers.get(question_id, "").split())


def _levels_lines(need: Requirements, label: str | None = None) -> list[str]:
    lines = []
    where = f" for {label}" if label else ""
    if need.hours:
        lines.append(f"Support hours{where}: {need.hours.summary()}. State the hours you cover and how.")
    levels = need.levels
    if levels and levels.response_minutes is not None:
        lines.append(f"Critical issues{where}: respond within {duration_text(levels.response_minutes)}. "
                     "State your committed response time and how it is measured.")
    if levels and levels.resolution_minutes is not None:
        lines.append(f"Critical issues{where}: resolve within {duration_text(levels.resolution_minutes)}. "
                     "State your committed resolution time and the service credits if it is missed.")
    if levels and levels.availability_percent is not None:
        lines.append(f"Availability{where}: at least {levels.availability_percent:g}%. State your commitment.")
    return lines


def _security_questions(need: Requirements) -> list[str]:
    certs = list(need.mandatory_certifications) + list(need.preferred_certifications)
    for own in need.by_function.values():
        certs += [c for c in own.mandatory_certifications + own.preferred_certifications if c not in certs]
    questions = []
    if certs:
        questions.append(f"Certifications: which of {', '.join(certs)} do you hold? Attach the certificates or "
                         "reports (for SOC 2, the latest Type II report), with scope and expiry dates.")
    else:
        questions.append("Certifications: which certifications (ISO 27001, SOC 2 and the like) do you hold, for which scope, until when?")
    places = need.residency.places if need.residency and need.residency.places else ()
    questions.append("Data location: where will our data be stored, processed and backed up"
                     + (f"; confirm it stays in {' or '.join(places)}" if places else "")
                     + "? Name every country from which staff can access it.")
    if need.regulations:
        questions.append(f"Regulations: how do you support our obligations under {', '.join(need.regulations)} "
                         "(for example a data processing agreement)?")
    questions += [
        "Access control: how is access to our systems and data granted, reviewed and revoked? Do you use named "
        "accounts, multi-factor authentication and least privilege?",
        "Incident notification: how soon do you notify us of a security incident affecting our data, and what does "
        "the notification contain?",
        "Subcontractors: which subcontractors would work on our account, where, and how do you hold them to the "
        "same requirements?",
        "Exit: how do you hand back our data, documentation and knowledge at the end of the contract, at what cost "
        "and within what time?",
    ]
    if need.excluded_delivery:
        questions.append(f"Delivery location: confirm that no part of the service is delivered "
                         f"{' or '.join(m.value for m in need.excluded_delivery)}.")
    return questions


def render_rfp(interview, need: Requirements, matrix: ScoringMatrix | None = None, today: date | None = None) -> str:
    """Return a request for proposal in Markdown, every requirement a numbered item a vendor can answer."""
    services = interview.value_of("services")
    functions = [SERVICE_LABELS[t] for t in need.services] or ([services.summary()] if services else ["IT services"])
    day = (today or getattr(interview, "today", None) or date.today()).isoformat()
    lines = [f"# Request for proposal: {', '.join(functions)}", "",
             f"*Draft of {day}, prepared with the IT outsourcing assistant from the needs statement. Review every "
             "item before sending it.*"]

    lines += ["", f"## {RFP_HEADINGS[0]}", "",
              "We invite you to propose a service for the scope below. Answer every numbered item, in order, "
              "saying for each whether you meet it fully, partly or not, and how."]
    who = _answer(interview, "decision_makers")
    if who:
        lines.append(f"Decision: {who}")

    lines += ["", f"## {RFP_HEADINGS[1]}", ""]
    lines += [f"- Functions: {', '.join(functions)}"]
    if isinstance(services, Services) and services.excluded:
        lines.append(f"- Not part of this request: {', '.join(SERVICE_LABELS[t] for t in services.excluded)}")
    for question_id, label in (("scope", "Tasks"), ("out_of_scope", "Out of scope"), ("users", "Users and sites"),
                               ("current_setup", "Current setup")):
        if _answer(interview, question_id):
            lines.append(f"- {label}: {_answer(interview, question_id)}")

    items = [f"Provide {SERVICE_LABELS[s]}. Describe the service and the team." for s in need.services]
    items += [f"Hold {c} (mandatory). Attach evidence." for c in need.mandatory_certifications]
    for service, extra in need.function_criteria().items():
        items += [f"For {SERVICE_LABELS[service]}: {c[0].lower() + c[1:]} (mandatory). Attach evidence." for c in extra]
    if need.residency and need.residency.places:
        strength = "must" if need.residency.required else "should preferably"
        items.append(f"Client data {strength} stay in {' or '.join(need.residency.places)}.")
    if need.languages:
        items.append(f"The team works in {', '.join(need.languages)}. State how many staff speak each.")
    if need.timezones:
        items.append(f"Working hours overlap with {', '.join(offset_label(o) for o in need.timezones)}. "
                     "State your delivery centres and their hours.")
    if need.delivery and need.delivery.models:
        items.append(f"{' or '.join(m.value for m in need.delivery.models).capitalize()} delivery is preferred. "
                     "State where the team sits.")
    if need.excluded_delivery:
        items.append(f"No {' or '.join(m.value for m in need.excluded_delivery)} delivery.")
    if need.preferred_certifications:
        items.append(f"Holding {', '.join(need.preferred_certifications)} is an advantage.")
    if need.pricing:
        items.append(f"Price the service as {' or '.join(need.pricing)}; list every cost that is not included.")
    else:
        items.append("State your pricing model and every cost that is not included.")
    if need.budget:
        items.append(f"Our budget is {need.budget.summary()}; say how your offer fits it.")
    lines += ["", f"## {RFP_HEADINGS[2]}", ""] + [f"{n}. {item}" for n, item in enumerate(items, 1)]

    levels = _levels_lines(need)
    for service, own in need.by_function.items():
        # Only what differs from the common service levels gets a line of its own.
        if (own.hours, own.levels) != (need.hours, need.levels):
            differs = own if own.levels != need.levels else type(own)(hours=own.hours)
            levels += _levels_lines(differs, SERVICE_LABELS[service])
    start = len(items) + 1
    lines += ["", f"## {RFP_HEADINGS[3]}", ""]
    lines += [f"{n}. {line}" for n, line in enumerate(levels, start)] or ["State the service levels you commit to."]

    start += len(levels)
    lines += ["", f"## {RFP_HEADINGS[4]}", ""]
    lines += [f"{n}. {q}" for n, q in enumerate(_security_questions(need), start)]

    lines += ["", f"## {RFP_HEADINGS[5]}", "", "Proposals are scored 0-5 on each criterion; the weights below "
              "set how much each counts.", "", "| Criterion | Weight |", "|---|---|"]
    used = matrix.criteria if matrix is not None and matrix.criteria else list(criteria())
    lines += [f"| {c.label} | {c.weight:g} |" for c in used]

    lines += ["", f"## {RFP_HEADINGS[6]}", ""]
    timeline = interview.value_of("timeline")
    if isinstance(timeline, Timeline):
        lines.append(f"- Service start and milestones: {timeline.summary()}")
    lines += ["- Questions from vendors: within 1 week of receiving this request",
              "- Proposals due: within 3 weeks of receiving this request",
              "- Shortlist presentations and reference calls: the 2 weeks after that"]
    return "\n".join(lines) + "\n"
