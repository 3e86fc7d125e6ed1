"""Commands that manage API keys: create, list, revoke."""

import datetime

import click

from assistant.cli.knowledge import fail
from assistant.settings import get_settings


def _store():
    from assistant.api.keys import KeyStore, keys_path

    return KeyStore(keys_path(get_settings()))


def _key_user(user: str | None) -> str:
    """Return the user a new key acts as: checked against the users file when sign-in is on."""
    from assistant.web.auth import LOCAL_USER, UsersFileError, load_users

    settings = get_settings()
    if settings.auth_file is None:
        return user or LOCAL_USER
    if user is None:
        fail("sign-in is on (ASSISTANT_AUTH_FILE): pass --user with the user this key acts as", code=2)
    try:
        known = load_users(settings.auth_file)
    except UsersFileError as exc:
        fail(str(exc))
    if user not in known:
        fail(f"no user {user!r} in {settings.auth_file}: add one with `assistant users add {user}`", code=2)
    return user


@click.group()
def keys() -> None:
    """Manage the API keys of /v1 (required whenever sign-in is on); each key acts as one user."""


@keys.command("create")
@click.argument("name")
@click.option("--user", help="The user the key acts as (required with sign-in on; default: the local user).")
def create_key(name: str, user: str | None) -> None:
    """Create key NAME and print its token, which is shown only this once."""
    from assistant.api.keys import KeysFileError

    owner = _key_user(user)
    try:
        token = _store().create(name, owner)
    except KeysFileError as exc:
        fail(str(exc), code=2)
    click.echo(f"created key {name} for user {owner}; copy the token now, it is not shown again:", err=True)
    click.echo(token)


@keys.command("list")
def list_keys() -> None:
    """List the keys (never their tokens): name, user, creation date and the token's first characters."""
    from assistant.api.keys import KeysFileError

    store = _store()
    try:
        found = store.load()
    except KeysFileError as exc:
        fail(str(exc))
    for key in sorted(found.values(), key=lambda k: k.name):
        created = datetime.datetime.fromtimestamp(key.created, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        click.echo(f"{key.name}  user={key.user}  created {created}  token {key.hint}…")
    click.echo(f"{len(found)} keys in {store.path}")


@keys.command("revoke")
@click.argument("name")
def revoke_key(name: str) -> None:
    """Delete key NAME: requests with its token are refused from now on."""
    from assistant.api.keys import KeysFileError

    try:
        revoked = _store().revoke(name)
    except KeysFileError as exc:
        fail(str(exc))
    if not revoked:
        fail(f"no key named {name!r} (see `assistant keys list`)")
    click.echo(f"revoked {name}")


COMMANDS = [keys]
