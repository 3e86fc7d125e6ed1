"""`assistant plan`: the planning interview in the terminal, or non-interactively from an answers file."""

import json
from pathlib import Path

import click

from assistant.cli.knowledge import fail
from assistant.settings import get_settings

STATEMENT_NAME = "needs-statement"
MATRIX_NAME = "scoring-matrix"
RFP_NAME = "rfp"
EXTRA_KEYS = ("risks", "weights", "relax")  # answers-file keys that are not question ids
COMMANDS_HELP = (
    "Type your answer. Commands: back, skip (optional questions), revise <id> [new answer], questions, quit "
    "(saves a draft to resume later)."
)


def _start(settings, draft_id: str | None, user: str):
    """Return a new or resumed interview, or exit with a clear message."""
    from assistant.planning import DraftError, Interview, InterviewError, RiskCatalogueError, load_draft

    try:
        if draft_id is None:
            return Interview.start(settings)
        draft = load_draft(settings, user, draft_id)
        if draft is None:
            fail(f"no draft {draft_id!r} for user {user!r}", code=2)
        return Interview.from_dict(settings, draft.state)
    except (RiskCatalogueError, InterviewError, DraftError) as exc:
        fail(str(exc))


def _read_answers(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"cannot read --answers {path}: {exc}", code=2)
    if not isinstance(data, dict):
        fail(f"--answers {path} must hold a JSON object of question id to answer text", code=2)
    return data


def apply_answers(interview, data: dict) -> list[str]:
    """Answer the interview from a question-id → text mapping (plus "risks", "weights", "relax"); return the problems."""
    from assistant.planning import RiskError, apply_risk_changes
    from assistant.planning.scoring import WeightError, checked_weights

    problems = []
    known = {q.id for q in interview.questions}
    for key in data:
        if key not in EXTRA_KEYS and key not in known:
            problems.append(f"{key}: not a question id (known: {', '.join(q.id for q in interview.questions)})")
    for question in interview.questions:
        text = data.get(question.id)
        if text is None:
            if question.required:
                problems.append(f"{question.id}: missing; this question is required ({question.prompt})")
            continue
        if isinstance(text, bool) or not isinstance(text, (str, int, float)):
            problems.append(f"{question.id}: the answer must be text, not {type(text).__name__}")
            continue
        reply = interview.revise(question.id, str(text))
        if not reply.accepted:
            problems.append(f"{question.id}: {reply.message}")
    if "risks" in data:
        try:
            apply_risk_changes(interview.register, data["risks"])
        except RiskError as exc:
            problems.append(str(exc))
    if "weights" in data:
        try:
            if not isinstance(data["weights"], dict):
                raise WeightError('"weights" must be an object of criterion id to a number from 0 to 10')
            interview.weights = checked_weights(data["weights"])
        except WeightError as exc:
            problems.append(f"weights: {exc}")
    relax = data.get("relax", [])
    if not isinstance(relax, list) or not all(isinstance(k, str) for k in relax):
        problems.append('relax: must be a list of requirement keys, as the near misses name them ("cert:SOC 2 Type II")')
    else:
        for key in relax:
            interview.relax(key)
    return problems


def _load_vendors(settings):
    from assistant.vendors import VendorProfileError, load_vendors

    try:
        return load_vendors(settings.knowledge_dir / "vendors")
    except VendorProfileError as exc:
        fail(str(exc))


def _write_outputs(outputs, out_dir: Path) -> list[Path]:
    from assistant.planning import statement_to_docx

    documents = [(STATEMENT_NAME, outputs.statement_md, True), (MATRIX_NAME, outputs.matrix_md, False),
                 (RFP_NAME, outputs.rfp_md, True)]
    written = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, markdown, as_docx in documents:
            path = out_dir / f"{name}.md"
            path.write_text(markdown, encoding="utf-8")
            written.append(path)
            if as_docx:
                written.append(out_dir / f"{name}.docx")
                written[-1].write_bytes(statement_to_docx(markdown))
    except OSError as exc:
        fail(f"cannot write the plan to {out_dir}: {exc}")
    return written


def _print_shortlist(shortlist) -> None:
    if not shortlist.fits:
        click.echo("No vendor profile meets every hard requirement (see Open questions in the statement).")
    else:
        click.echo("Vendor shortlist, best fit first:")
    for rank, fit in enumerate(shortlist.fits, 1):
        click.secho(f"  {rank}. {fit.name} — fit {fit.score}/100", bold=True)
        for reason in fit.reasons:
            click.echo(f"     + {reason}")
        for gap in fit.gaps:
            click.echo(f"     - {gap}")
        click.secho(f"     Source: {fit.citation}", dim=True)
    if shortlist.pairs:
        click.echo("Pairs of vendors that together cover every function:")
        for rank, pair in enumerate(shortlist.pairs, 1):
            click.secho(f"  {rank}. {' + '.join(pair.names)} — combined fit {pair.score}/100", bold=True)
            click.echo(f"     {'; '.join(pair.reasons)}")
    if shortlist.near_misses:
        from assistant.planning.requirements import relax_label

        click.echo('Near misses (one requirement missed; add its key to "relax" in the answers file to admit them):')
        for miss in shortlist.near_misses:
            click.echo(f"  - {miss.name}: {miss.missed} — relax {relax_label(miss.key)} (key: {miss.key})")
    if shortlist.excluded:
        names = ", ".join(ex.name for ex in shortlist.excluded)
        click.echo(f"Not shortlisted (missing a hard requirement): {names}.")
    if shortlist.unrelated:
        click.echo(f"{shortlist.unrelated} other vendor profile{'s provide' if shortlist.unrelated != 1 else ' provides'} "
                 "none of the functions.")


def _finish(settings, interview, out_dir: Path, top: int, user: str | None, draft_id: str | None) -> None:
    from assistant.planning import build_outputs, save_draft

    outputs = build_outputs(interview, _load_vendors(settings), shortlist_size=top)
    written = _write_outputs(outputs, out_dir)
    _print_shortlist(outputs.shortlist)
    click.echo(f"Wrote {', '.join(str(p) for p in written[:-1])} and {written[-1]}.")
    if user is not None:
        saved = save_draft(settings, user, interview, draft_id=draft_id, statement_md=outputs.statement_md)
        click.echo(f"Saved as draft {saved} (reopen with: assistant plan --resume {saved} --user {user}).")


def _show_question(interview, question) -> None:
    index = [q.id for q in interview.questions].index(question.id) + 1
    optional = " (optional: type skip)" if not question.required else ""
    click.echo()
    click.secho(f"[{index}/{len(interview.questions)}] {question.prompt}{optional}", bold=True)
    click.secho(f"  {question.explain}", dim=True)
    citation = interview.citation(question)
    if citation:
        click.secho(f"  Guide: {citation.text()}", dim=True)
    if question.id in interview.answers:
        click.echo(f"  Current answer: {interview.answers[question.id]}")


def _list_questions(interview) -> None:
    for question in interview.questions:
        status = "answered" if question.id in interview.answers else (
            "skipped" if question.id in interview.skipped else "open")
        click.echo(f"  {question.id:<16} {status:<9} {question.prompt}")


def _save_and_leave(settings, interview, user: str, draft_id: str | None) -> None:
    from assistant.planning import save_draft

    saved = save_draft(settings, user, interview, draft_id=draft_id)
    click.echo(f"\nSaved draft {saved}; continue with: assistant plan --resume {saved} --user {user}")


def _command(interview, text: str) -> bool:
    """Carry out back/skip/revise/questions; return False when the text is an answer."""
    from assistant.planning import InterviewError

    word, _, rest = text.partition(" ")
    word = word.lower()
    if word == "back" and not rest:
        interview.back()
    elif word == "skip" and not rest:
        click.echo(interview.skip().message)
    elif word in ("questions", "help") and not rest:
        click.echo(COMMANDS_HELP)
        _list_questions(interview)
    elif word == "revise" and rest:
        question_id, _, answer = rest.strip().partition(" ")
        try:
            if answer.strip():
                click.echo(interview.revise(question_id, answer).message)
            else:
                interview.go_to(question_id)
        except InterviewError as exc:
            click.echo(str(exc))
    else:
        return False
    return True


def _interview_loop(settings, interview, user: str, draft_id: str | None) -> bool:
    """Ask questions until all are settled; return False when the user left (the draft is saved)."""
    click.echo(COMMANDS_HELP)
    while (question := interview.current_question()) is not None:
        _show_question(interview, question)
        try:
            text = click.prompt("", default="", show_default=False, prompt_suffix="> ").strip()
        except (EOFError, click.Abort):
            _save_and_leave(settings, interview, user, draft_id)
            return False
        if text.lower() in ("quit", "exit"):
            _save_and_leave(settings, interview, user, draft_id)
            return False
        if not _command(interview, text):
            reply = interview.answer(text)
            click.echo(reply.message)
    return True


def _risk_step(interview) -> None:
    """Show the proposed risks and let the user rate, drop or add risks."""
    from assistant.planning import RiskError

    register = interview.register
    click.echo()
    click.secho("Risks: proposed for the functions you chose, each with a mitigation and a proposed rating", bold=True)
    for n, entry in enumerate(register.entries, 1):
        click.echo(f"  {n}. {entry.risk} ({entry.category}) — {entry.likelihood} x {entry.impact}"
                   f"{f' ({entry.reason})' if entry.reason else ''} — mitigation: {entry.mitigation}")
    if not click.confirm("Rate these risks now? (No keeps the proposed ratings to review later)", default=True):
        return
    for entry in list(register.entries):
        click.secho(f"\n{entry.risk}", bold=True)
        click.secho(f"  {entry.description}", dim=True)
        if not click.confirm("  Keep this risk?", default=True):
            register.remove(entry.id)
            continue
        likelihood = click.prompt("  Likelihood (1-5)", type=click.IntRange(1, 5), default=entry.likelihood)
        impact = click.prompt("  Impact (1-5)", type=click.IntRange(1, 5), default=entry.impact)
        owner = click.prompt("  Owner", default=entry.owner, show_default=bool(entry.owner))
        click.secho(f"  Mitigation: {entry.mitigation}", dim=True)
        mitigation = click.prompt("  New mitigation (Enter keeps it)", default="", show_default=False).strip()
        register.edit(entry.id, likelihood=likelihood, impact=impact, owner=owner,
                      mitigation=mitigation or entry.mitigation)
    while name := click.prompt("\nAdd a risk of your own (empty to finish)", default="", show_default=False).strip():
        try:
            register.add(
                name,
                category=click.prompt("  Category", default="Other"),
                likelihood=click.prompt("  Likelihood (1-5)", type=click.IntRange(1, 5), default=3),
                impact=click.prompt("  Impact (1-5)", type=click.IntRange(1, 5), default=3),
                mitigation=click.prompt("  Mitigation", default="", show_default=False),
                owner=click.prompt("  Owner", default="", show_default=False),
            )
        except RiskError as exc:
            click.echo(str(exc))


@click.command()
@click.option("--answers", "answers_file", type=click.Path(path_type=Path, dir_okay=False),
              help='JSON object of question id → answer text, optionally "risks": [...], "weights": {...} and '
                   '"relax": [...]; runs without prompts (see examples/plan-answers.json).')
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, help="Folder for the needs statement, scoring matrix and RFP (.md and .docx).")
@click.option("--resume", "draft_id", help="Continue a draft saved by an earlier interactive session.")
@click.option("--user", default="cli", show_default=True, help="Owner of the saved drafts.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 50), help="Vendors in the shortlist.")
def plan(answers_file: Path | None, out_dir: Path, draft_id: str | None, user: str, top: int) -> None:
    """Plan an outsourcing: define needs, rate risks, then get a needs statement and a vendor shortlist."""
    settings = get_settings()
    if answers_file is not None:
        if draft_id:
            fail("use either --answers or --resume, not both", code=2)
        interview = _start(settings, None, user)
        problems = apply_answers(interview, _read_answers(answers_file))
        if problems:
            fail(f"{answers_file} cannot be used:\n" + "\n".join(f"  - {p}" for p in problems), code=2)
        _finish(settings, interview, out_dir, top, None, None)
        return
    interview = _start(settings, draft_id, user)
    if not _interview_loop(settings, interview, user, draft_id):
        return
    try:
        _risk_step(interview)
    except (EOFError, click.Abort):
        _save_and_leave(settings, interview, user, draft_id)
        return
    _finish(settings, interview, out_dir, top, user, draft_id)


COMMANDS = [plan]
