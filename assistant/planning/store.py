"""Planning drafts per user, saved as JSON rows in the SQLite file at settings.database_path."""

import json
import sqlite3
import time
import uuid
from contextlib import closing, contextmanager
from dataclasses import dataclass

from assistant.settings import Settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    user TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    updated_at REAL NOT NULL,
    state_json TEXT NOT NULL,
    statement_md TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (user, id)
);
CREATE INDEX IF NOT EXISTS drafts_user_updated ON drafts (user, updated_at);
"""
TITLE_CHARS = 80


class DraftError(ValueError):
    """A draft that cannot be saved or read, with the reason."""


@dataclass(frozen=True)
class DraftSummary:
    """One entry of a user's list of drafts; `updated_at` is seconds since the epoch."""

    id: str
    title: str
    updated_at: float


@dataclass(frozen=True)
class Draft:
    """A saved draft: the interview state (Interview.to_dict()) and the statement as last edited."""

    id: str
    title: str
    updated_at: float
    state: dict
    statement_md: str


@contextmanager
def _connect(settings: Settings):
    settings.database_path.parent.mkdir(parents=True, exist_ok=True)
    # One short-lived connection per call, as the web app's worker threads share the file.
    with closing(sqlite3.connect(settings.database_path, timeout=15)) as db:
        db.row_factory = sqlite3.Row
        db.executescript(_SCHEMA)
        with db:
            yield db


def _user(user: str) -> str:
    if not isinstance(user, str) or not user.strip():
        raise DraftError("drafts need a user name")
    return user.strip()


def save_draft(settings: Settings, user: str, state, draft_id: str | None = None, title: str | None = None,
               statement_md: str | None = None) -> str:
    """Save an interview (or its to_dict() state) for a user and return the draft id.

    A new id is made when `draft_id` is None; `statement_md=None` keeps the statement already saved.
    """
    user = _user(user)
    data = state.to_dict() if hasattr(state, "to_dict") else state
    if title is None:
        title = state.title() if hasattr(state, "title") else "Outsourcing plan"
    title = " ".join(str(title).split())[:TITLE_CHARS] or "Outsourcing plan"
    try:
        state_json = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise DraftError(f"the draft cannot be saved as JSON ({exc})") from exc
    draft_id = draft_id or uuid.uuid4().hex[:12]
    with _connect(settings) as db:
        db.execute(
            "INSERT INTO drafts (user, id, title, updated_at, state_json, statement_md) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (user, id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at, "
            "state_json = excluded.state_json, "
            "statement_md = CASE WHEN ? THEN excluded.statement_md ELSE drafts.statement_md END",
            (user, draft_id, title, time.time(), state_json, statement_md or "", statement_md is not None),
        )
    return draft_id


def load_draft(settings: Settings, user: str, draft_id: str) -> Draft | None:
    """Return one of the user's drafts, or None if the user has no draft with that id."""
    with _connect(settings) as db:
        row = db.execute("SELECT * FROM drafts WHERE user = ? AND id = ?", (_user(user), draft_id)).fetchone()
    if row is None:
        return None
    try:
        state = json.loads(row["state_json"])
    except json.JSONDecodeError as exc:
        raise DraftError(f"draft {draft_id!r} is damaged and cannot be opened ({exc})") from exc
    return Draft(row["id"], row["title"], row["updated_at"], state, row["statement_md"])


def list_drafts(settings: Settings, user: str, limit: int = 200) -> list[DraftSummary]:
    """Return the user's drafts, most recently saved first."""
    with _connect(settings) as db:
        rows = db.execute(
            "SELECT id, title, updated_at FROM drafts WHERE user = ? ORDER BY updated_at DESC, rowid DESC LIMIT ?",
            (_user(user), limit),
        ).fetchall()
    return [DraftSummary(r["id"], r["title"], r["updated_at"]) for r in rows]


def delete_draft(settings: Settings, user: str, draft_id: str) -> bool:
    """Delete one of the user's drafts; return whether it existed."""
    with _connect(settings) as db:
        cursor = db.execute("DELETE FROM drafts WHERE user = ? AND id = ?", (_user(user), draft_id))
    return cursor.rowcount > 0
