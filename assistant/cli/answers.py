"""Commands that answer questions: ask (one answer) and chat (a terminal conversation)."""

import json
from pathlib import Path

import click

from assistant.cli.knowledge import fail, open_store
from assistant.settings import get_settings


def build_assistant(backend_spec: str | None = None):
    """Create the Assistant, turning setup problems into one clear message."""
    from assistant.answering import Assistant
    from assistant.answering.backends import BackendError, create_backend
    from assistant.embeddings import EmbeddingModelError
    from assistant.knowledge.retrieval import Retriever
    from assistant.knowledge.store import StoreError

    settings = get_settings()
    store = open_store(settings, must_exist=True)
    try:
        backend = create_backend(settings, backend_spec)
        retriever = Retriever(settings, store)
        retriever.refresh()
        return Assistant(settings, retriever, backend)
    except (BackendError, StoreError, EmbeddingModelError) as exc:
        fail(str(exc))


def _load_history(path: Path | None):
    from assistant.answering.models import parse_history

    if path is None:
        return []
    try:
        return parse_history(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, ValueError) as exc:
        fail(f"cannot use --history {path}: {exc}", code=2)


def print_sources(answer) -> None:
    """List the cited passages under an answer."""
    for n, hit in enumerate(answer.sources, 1):
        click.secho(f"  [{n}] {hit.title} > {hit.section}  ({hit.source})", dim=True)


@click.command()
@click.argument("question")
@click.option("--history", "history_file", type=click.Path(path_type=Path), help="JSON list of earlier turns.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.option("--backend", "backend_spec", help='Override ASSISTANT_LLM, e.g. "openai:llama3".')
def ask(question: str, history_file: Path | None, as_json: bool, backend_spec: str | None) -> None:
    """Answer one QUESTION from the knowledge base, with citations."""
    from assistant.queries import QueryError

    history = _load_history(history_file)
    assistant = build_assistant(backend_spec)
    try:
        answer = assistant.answer(question, history)
    except QueryError as exc:
        fail(str(exc), code=2)
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return
    if answer.notice:
        click.echo(f"Note: {answer.notice}", err=True)
    click.echo(answer.answer)
    print_sources(answer)


@click.command()
@click.option("--backend", "backend_spec", help="Override ASSISTANT_LLM for this conversation.")
def chat(backend_spec: str | None) -> None:
    """Hold a conversation in the terminal (empty line or Ctrl-D to quit, /new to start over)."""
    from assistant.answering.models import Answer, Turn
    from assistant.queries import QueryError

    assistant = build_assistant(backend_spec)
    history: list[Turn] = []
    click.echo("Ask about IT outsourcing. /new starts a new conversation; an empty line quits.")
    while True:
        try:
            question = click.prompt("you", default="", show_default=False, prompt_suffix="> ").strip()
        except (EOFError, click.Abort):
            break
        if not question:
            break
        if question == "/new":
            history = []
            click.echo("(new conversation)")
            continue
        click.echo("assistant> ", nl=False)
        streamed = False
        try:
            for event in assistant.stream(question, history):
                if isinstance(event, Answer):
                    if streamed and assistant.backend.chat is not None and event.answer.strip():
                        click.echo("\n(checked answer)\n" + event.answer, nl=False)
                    elif not streamed:
                        click.echo(event.answer, nl=False)
                    click.echo()
                    print_sources(event)
                    history += [Turn("user", question), Turn("assistant", event.answer)]
                else:
                    streamed = True
                    click.echo(event, nl=False)
        except QueryError as exc:
            click.echo(f"\n{exc}")


COMMANDS = [ask, chat]
