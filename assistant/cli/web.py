"""Commands around the web app: serve, users (sign-in accounts) and feedback export."""

import sys
from pathlib import Path

import click

from assistant.cli.knowledge import fail
from assistant.settings import get_settings


@click.command()
@click.option("--host", help="Interface to bind (default ASSISTANT_HOST, 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port to listen on (default ASSISTANT_PORT, 7860).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the web app (http://127.0.0.1:7860 by default)."""
    import logging

    from assistant.cli.answers import build_assistant
    from assistant.web.auth import UsersFileError, load_users

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # Gradio's own startup checks are not news
    overrides = {key: value for key, value in {"host": host, "port": port}.items() if value is not None}
    settings = get_settings().model_copy(update=overrides)
    if settings.auth_file is not None:
        try:
            users = load_users(settings.auth_file)
        except UsersFileError as exc:
            fail(str(exc))
        if not users:
            fail(f"ASSISTANT_AUTH_FILE is set but {settings.auth_file} has no users: "
                 "add one with `assistant users add NAME --admin`")
    serving = None
    if not settings.chroma_url:
        from assistant.knowledge.locks import KnowledgeBaseBusy, hold_serving

        try:
            serving = hold_serving(settings.data_dir)  # held until this process ends
        except KnowledgeBaseBusy as exc:
            fail(str(exc))
    assistant = build_assistant()
    from assistant.web import launch

    # Loading the embedding model takes seconds: pay it now, not on the first user's question.
    click.echo("Loading the embedding model and the knowledge base...")
    try:
        assistant.warm_up()
    except Exception as exc:  # a failed warm-up must not stop the server; the first question reports it
        click.echo(f"Warning: warm-up failed ({exc}); the first answer may be slow or fail", err=True)
    try:
        try:
            # The port is bound before "Ready" is printed: a user who opens the URL at once gets the page.
            demo = launch(settings, assistant, quiet=True, prevent_thread_lock=True)
        except OSError as exc:
            fail(f"cannot listen on {settings.host}:{settings.port} ({exc}); set ASSISTANT_PORT or pass --port")
        click.echo(f"Ready: serving on http://{settings.host}:{settings.port} (Ctrl-C to stop)")
        click.echo(f"OpenAI-compatible API: http://{settings.host}:{settings.port}/v1 (reference at /v1/docs)")
        demo.block_thread()
    finally:
        if serving is not None:
            serving.close()


def _users_file() -> Path:
    path = get_settings().auth_file
    if path is None:
        fail("set ASSISTANT_AUTH_FILE to the users file (e.g. var/users.json) to manage sign-in accounts")
    return path


@click.group()
def users() -> None:
    """Manage sign-in accounts in ASSISTANT_AUTH_FILE (sign-in is on when that variable is set)."""


@users.command("add")
@click.argument("name")
@click.option("--admin", is_flag=True, help="Allow this user to add and remove knowledge-base documents.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def add_user(name: str, admin: bool, password_stdin: bool) -> None:
    """Create user NAME, or reset their password and role."""
    from assistant.web.auth import UsersFileError, add_user as add

    path = _users_file()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        new = add(path, name, password, admin)
    except UsersFileError as exc:
        fail(str(exc), code=2)
    role = "administrator" if admin else "user"
    ended = "" if new else f"; {name}'s open web sessions end at their next request"
    click.echo(f"{'added' if new else 'updated'} {role} {name} in {path}{ended}")


@users.command("remove")
@click.argument("name")
def remove_user(name: str) -> None:
    """Delete user NAME (their conversations stay in the database)."""
    from assistant.web.auth import UsersFileError, remove_user as remove

    path = _users_file()
    try:
        removed = remove(path, name)
    except UsersFileError as exc:
        fail(str(exc))
    if not removed:
        fail(f"no user {name!r} in {path}")
    click.echo(f"removed {name}; their open web sessions end at their next request")


@users.command("list")
def list_users() -> None:
    """List the users who may sign in."""
    from assistant.web.auth import UsersFileError, load_users

    path = _users_file()
    try:
        found = load_users(path)
    except UsersFileError as exc:
        fail(str(exc))
    for user in sorted(found.values(), key=lambda u: u.name):
        click.echo(f"{user.name}{'  (admin)' if user.admin else ''}")
    click.echo(f"{len(found)} users in {path}")


@click.group()
def feedback() -> None:
    """Work with the thumbs up/down and comments users gave on answers."""


@feedback.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.option("--user", help="Only this user's feedback.")
def export(fmt: str, out: Path | None, user: str | None) -> None:
    """Export feedback with its question, answer and sources, to improve the knowledge base."""
    from assistant.web.conversations import ConversationStore
    from assistant.web.feedback_export import write_csv, write_jsonl

    settings = get_settings()
    rows = ConversationStore(settings.database_path).feedback(user) if settings.database_path.exists() else []
    writer = write_csv if fmt == "csv" else write_jsonl
    if out is None:
        writer(rows, sys.stdout)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as stream:
            writer(rows, stream)
        click.echo(f"wrote {len(rows)} feedback entries to {out}", err=True)


COMMANDS = [serve, users, feedback]
