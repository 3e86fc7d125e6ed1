"""Turn a planning interview into what the Plan tab shows, and read the edited risk table back."""

import re
import shutil
import tempfile
import time
from pathlib import Path

from assistant.planning import RiskError, RiskRegister, Shortlist, statement_to_docx
from assistant.planning.requirements import relax_label
from assistant.planning.scoring import WeightError, checked_weights, criteria
from assistant.vendors import SERVICE_LABELS
from assistant.web.sources import inert_markdown

RISK_COLUMNS = ["Risk", "Category", "Likelihood", "Impact", "Score", "Mitigation", "Owner", "Why this rating", "ID"]
RISK_TYPES = ["str", "str", "number", "number", "number", "str", "str", "str", "str"]
# Pixel widths, so that no header is narrower than its longest word ("Likelihood" wrapped as "Likeliho od").
RISK_WIDTHS = ["170px", "120px", "104px", "84px", "72px", "300px", "120px", "240px", "110px"]
PAIR_COLUMNS = ["#", "Vendors", "Combined fit", "Who does what"]
WEIGHT_COLUMNS = ["Criterion", "Weight (0-10)", "ID"]
ANSWER_COLUMNS = ["Question", "Your answer"]
SHORTLIST_COLUMNS = ["#", "Vendor", "Fit", "Why it fits", "Gaps"]
DONE = ("### Every question is answered\nReview the **Risk register** and the **Vendor shortlist**, "
        "then draft your **Needs statement**. Click an answer below to change it.")


def question_markdown(interview) -> str:
    """Return the current question with its explanation, guide citation and an example answer."""
    question = interview.current_question()
    if question is None:
        return DONE
    settled, total = interview.progress()
    # The question's own place in the interview, so revising question 3 does not read "Question 20 of 20".
    position = [q.id for q in interview.questions].index(question.id) + 1
    optional = "" if question.required else " *(optional: type “skip” or use Skip)*"
    lines = [f"<small>Question {position} of {total} · {question.label} · {settled} of {total} settled</small>", "",
             f"### {inert_markdown(question.prompt)}{optional}", "", inert_markdown(question.explain)]
    citation = interview.citation(question)
    if citation is not None:
        lines += ["", f"> **From the guide** — {inert_markdown(citation.text())}"]
    if question.example:
        lines += ["", f"*Example:* {inert_markdown(question.example)}"]
    return "\n".join(lines)


def answer_rows(interview) -> list[list[str]]:
    """Return (question, answer) rows for every question, in interview order."""
    answers, skipped = interview.answers, set(interview.skipped)
    rows = []
    for question in interview.questions:
        if question.id in answers:
            rows.append([question.label, answers[question.id]])
        else:
            rows.append([question.label, "(skipped)" if question.id in skipped else "—"])
    return rows


def risk_rows(register: RiskRegister) -> list[list]:
    """Return the register as table rows, highest score first."""
    return [[e.risk, e.category, e.likelihood, e.impact, e.score, e.mitigation, e.owner,
             (e.reason or "default rating") if not e.rated else "your rating", e.id] for e in register.ranked()]


def _blank(value) -> bool:
    return value is None or str(value).strip() in ("", "nan", "None")


def apply_risk_table(register: RiskRegister, rows: list[list]) -> list[str]:
    """Apply an edited table to the register: edits by ID, new rows added, missing or nameless rows removed.

    Returns the problems found (rows left unchanged), one line each.
    """
    problems: list[str] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, 1):
        values = dict(zip(RISK_COLUMNS, list(row) + [None] * len(RISK_COLUMNS)))
        risk_id = "" if _blank(values["ID"]) else str(values["ID"]).strip()
        name = "" if _blank(values["Risk"]) else str(values["Risk"]).strip()
        fields = {"risk": name, "category": values["Category"], "likelihood": values["Likelihood"],
                  "impact": values["Impact"], "mitigation": values["Mitigation"], "owner": values["Owner"]}
        fields = {k: ("" if _blank(v) and k not in ("likelihood", "impact") else v) for k, v in fields.items()}
        for key in ("likelihood", "impact"):
            if isinstance(fields[key], float) and fields[key].is_integer():
                fields[key] = int(fields[key])
        try:
            if risk_id and not name:
                continue  # a cleared name removes the risk, below
            if risk_id:
                current = register.get(risk_id)
                changed = {k: v for k, v in fields.items() if str(v).strip() != str(getattr(current, k)).strip()}
                if changed:
                    register.edit(risk_id, **changed)
                seen.add(risk_id)
            elif name:
                seen.add(register.add(**{k: v for k, v in fields.items() if not _blank(v)}).id)
        except RiskError as exc:
            problems.append(f"Row {number} ({name or risk_id}): {exc}")
            if risk_id:
                seen.add(risk_id)
    for entry in list(register.entries):
        if entry.id not in seen:
            register.remove(entry.id)
    return problems


def shortlist_rows(shortlist: Shortlist) -> list[list]:
    """Return the ranked vendors as table rows."""
    return [[rank, fit.name + (" (sample)" if fit.sample else ""), f"{fit.score}/100",
             "; ".join(fit.reasons) or "meets the hard requirements", "; ".join(fit.gaps) or "—"]
            for rank, fit in enumerate(shortlist.fits, 1)]


def shortlist_note(shortlist: Shortlist) -> str:
    """Return a line on the vendors left out, for under the shortlist table."""
    parts = []
    if not shortlist.fits:
        parts.append("**No vendor profile meets every hard requirement** — consider relaxing one.")
    if shortlist.others:
        parts.append(f"{shortlist.others} more vendors meet the hard requirements but fit less well.")
    if shortlist.excluded:
        left_out = "\n".join(f"- **{inert_markdown(e.name)}**: {inert_markdown('; '.join(e.reasons))}"
                             for e in shortlist.excluded)
        # Folded: with many profiles the list of rejections would push the pairs and near misses out of sight.
        parts.append(f"<details><summary>Not shortlisted ({len(shortlist.excluded)} vendors), because a hard requirement "
                     f"is not met</summary>\n\n{left_out}\n\n</details>")
    return "\n\n".join(parts)


def file_stem(title: str) -> str:
    """Return a download file name stem from a plan title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "needs-statement"


def _fresh_folder(max_age: float = 3600.0) -> Path:
    # Gradio copies each download into its own cache at once, so older folders are only litter.
    base = Path(tempfile.gettempdir()) / "assistant-downloads"
    base.mkdir(exist_ok=True)
    for old in base.iterdir():
        if old.is_dir() and time.time() - old.stat().st_mtime > max_age:
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=base))


def write_downloads(statement_md: str, title: str) -> tuple[Path, Path]:
    """Write the statement as .md and .docx into a fresh temporary folder and return both paths."""
    folder = _fresh_folder()
    stem = file_stem(title)
    markdown, document = folder / f"{stem}.md", folder / f"{stem}.docx"
    markdown.write_text(statement_md, encoding="utf-8")
    document.write_bytes(statement_to_docx(statement_md))
    return markdown, document


def pair_rows(shortlist: Shortlist) -> list[list]:
    """Return the vendor pairs that together cover every function, as table rows."""
    return [[rank, " + ".join(pair.names) + (" (sample)" if pair.sample else ""), f"{pair.score}/100",
             "; ".join(pair.reasons)] for rank, pair in enumerate(shortlist.pairs, 1)]


def function_markdown(shortlist: Shortlist) -> str:
    """Return the candidates per function and the near misses, for under the pairs table."""
    lines = []
    if shortlist.by_function:
        lines.append("**Candidates per function**\n")
        for service, fits in shortlist.by_function.items():
            names = ", ".join(f"{inert_markdown(f.name)} ({f.score}/100)" for f in fits[:5]) or "none"
            lines.append(f"- {SERVICE_LABELS[service]}: {names}")
    if shortlist.near_misses:
        lines.append("\n**Near misses** (one requirement missed; relax it below to admit them)\n")
        lines += [f"- {inert_markdown(m.name)}: {inert_markdown(m.missed)}" for m in shortlist.near_misses]
    return "\n".join(lines)


def relax_choices(shortlist: Shortlist, relaxed: list[str]) -> list[tuple[str, str]]:
    """Return (label, key) for each requirement a near miss misses, with how many vendors it would admit."""
    counts: dict[str, list[str]] = {}
    for miss in shortlist.near_misses:
        if miss.key not in relaxed:
            counts.setdefault(miss.key, []).append(miss.name)
    return [(f"Relax {relax_label(key)} — admits {', '.join(names)}", key) for key, names in counts.items()]


def weight_rows(weights: dict[str, float]) -> list[list]:
    """Return the scoring criteria with the weights in force."""
    return [[c.label, weights.get(c.id, c.weight), c.id] for c in criteria()]


def read_weights(rows: list[list]) -> tuple[dict[str, float], list[str]]:
    """Read the edited weights table; returns (weights, problems), a bad row keeping its earlier weight."""
    weights, problems = {}, []
    for row in rows:
        values = list(row) + [None] * 3
        label, value, criterion = values[0], values[1], values[2]
        if _blank(criterion):
            continue
        try:
            weights.update(checked_weights({str(criterion).strip(): value}))
        except WeightError as exc:
            problems.append(f"{label}: {exc}")
    return weights, problems


def write_documents(matrix_md: str, rfp_md: str, title: str) -> tuple[Path, Path, Path]:
    """Write the scoring matrix (.md) and the RFP (.md, .docx) into a fresh temporary folder and return the paths."""
    folder = _fresh_folder()
    stem = file_stem(title)
    matrix, rfp_markdown, rfp_document = folder / f"{stem}-scoring-matrix.md", folder / f"{stem}-rfp.md", \
        folder / f"{stem}-rfp.docx"
    matrix.write_text(matrix_md, encoding="utf-8")
    rfp_markdown.write_text(rfp_md, encoding="utf-8")
    rfp_document.write_bytes(statement_to_docx(rfp_md))
    return matrix, rfp_markdown, rfp_document
