"""Turn a planning interview into what the Plan tab shows, and read the edited risk table back."""

import re
import shutil
import tempfile
import time
from pathlib import Path

from assistant.planning import RiskError, RiskRegister, Shortlist, statement_to_docx
from assistant.web.sources import inert_markdown

RISK_COLUMNS = ["Risk", "Category", "Likelihood", "Impact", "Score", "Mitigation", "Owner", "ID"]
RISK_TYPES = ["str", "str", "number", "number", "number", "str", "str", "str"]
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
    optional = "" if question.required else " *(optional: type “skip” or use Skip)*"
    lines = [f"<small>Question {min(settled + 1, total)} of {total} · {question.label}</small>", "",
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
    return [[e.risk, e.category, e.likelihood, e.impact, e.score, e.mitigation, e.owner, e.id] for e in register.ranked()]


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
        parts.append(f"Not shortlisted, because a hard requirement is not met:\n\n{left_out}")
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
