"""Conversations, messages and answer feedback per user, in SQLite under the data dir."""

import json
import sqlite3
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_user ON conversations (user, updated);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    sources TEXT NOT NULL DEFAULT '[]',
    notice TEXT,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_conversation ON messages (conversation_id, id);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,
    message_id INTEGER UNIQUE,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    sources TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
"""
TITLE_CHARS = 60


@dataclass(frozen=True)
class ConversationSummary:
    """One entry of a user's conversation list."""

    id: int
    title: str
    updated: float


@dataclass
class StoredMessage:
    """One persisted chat message; `sources` are Hit.public() dicts in citation order."""

    id: int
    role: str
    content: str
    sources: list[dict] = field(default_factory=list)
    notice: str | None = None


def title_for(question: str) -> str:
    """Return a short one-line title for a conversation started by a question."""
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


class ConversationStore:
    """Per-user chat history and feedback; every read and write is scoped to one user."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self):
        # One short-lived connection per call: safe across Gradio's worker threads without a shared lock.
        with closing(sqlite3.connect(self.path, timeout=15)) as db:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = WAL")
            with db:
                yield db

    def create(self, user: str, title: str) -> int:
        """Start a conversation and return its id."""
        now = time.time()
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO conversations (user, title, created, updated) VALUES (?, ?, ?, ?)",
                (user, title_for(title) or "New chat", now, now),
            )
            return int(cursor.lastrowid)

    def owns(self, user: str, conversation_id: int | None) -> bool:
        """Return whether the conversation exists and belongs to the user."""
        if conversation_id is None:
            return False
        with self._connect() as db:
            row = db.execute("SELECT 1 FROM conversations WHERE id = ? AND user = ?", (conversation_id, user)).fetchone()
        return row is not None

    def recent(self, user: str, limit: int = 200) -> list[ConversationSummary]:
        """Return the user's conversations, most recently active first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, title, updated FROM conversations WHERE user = ? ORDER BY updated DESC, id DESC LIMIT ?",
                (user, limit),
            ).fetchall()
        return [ConversationSummary(r["id"], r["title"], r["updated"]) for r in rows]

    def messages(self, user: str, conversation_id: int) -> list[StoredMessage] | None:
        """Return the messages of one of the user's conversations, or None if it is not theirs."""
        if not self.owns(user, conversation_id):
            return None
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, role, content, sources, notice FROM messages WHERE conversation_id = ? ORDER BY id",
                (conversation_id,),
            ).fetchall()
        return [StoredMessage(r["id"], r["role"], r["content"], json.loads(r["sources"]), r["notice"]) for r in rows]

    def add_message(self, user: str, conversation_id: int, role: str, content: str,
                    sources: list[dict] | None = None, notice: str | None = None) -> int:
        """Append a message to one of the user's conversations and return its id."""
        now = time.time()
        with self._connect() as db:
            owned = db.execute(
                "UPDATE conversations SET updated = ? WHERE id = ? AND user = ?", (now, conversation_id, user)
            ).rowcount
            if not owned:
                raise PermissionError(f"conversation {conversation_id} does not belong to {user}")
            cursor = db.execute(
                "INSERT INTO messages (conversation_id, role, content, sources, notice, created) VALUES (?, ?, ?, ?, ?, ?)",
                (conversation_id, role, content, json.dumps(sources or [], ensure_ascii=False), notice, now),
            )
            return int(cursor.lastrowid)

    def delete(self, user: str, conversation_id: int) -> bool:
        """Delete one of the user's conversations with its messages; feedback given on it is kept."""
        with self._connect() as db:
            db.execute(
                "UPDATE feedback SET message_id = NULL WHERE user = ? AND message_id IN "
                "(SELECT id FROM messages WHERE conversation_id = ?)",
                (user, conversation_id),
            )
            return db.execute("DELETE FROM conversations WHERE id = ? AND user = ?", (conversation_id, user)).rowcount > 0

    def _answer_with_question(self, db, user: str, message_id: int):
        answer = db.execute(
            "SELECT m.id, m.conversation_id, m.content, m.sources FROM messages m JOIN conversations c "
            "ON c.id = m.conversation_id WHERE m.id = ? AND c.user = ? AND m.role = 'assistant'",
            (message_id, user),
        ).fetchone()
        if answer is None:
            return None, ""
        question = db.execute(
            "SELECT content FROM messages WHERE conversation_id = ? AND id < ? AND role = 'user' ORDER BY id DESC LIMIT 1",
            (answer["conversation_id"], message_id),
        ).fetchone()
        return answer, question["content"] if question else ""

    def rate(self, user: str, message_id: int, rating: str | None) -> bool:
        """Record thumbs up/down (or clear it with None) on one of the user's answers."""
        if rating not in ("up", "down", None):
            raise ValueError(f"rating must be 'up', 'down' or None, not {rating!r}")
        now = time.time()
        with self._connect() as db:
            answer, question = self._answer_with_question(db, user, message_id)
            if answer is None:
                return False
            if rating is None:
                db.execute("DELETE FROM feedback WHERE message_id = ? AND user = ?", (message_id, user))
                return True
            db.execute(
                "INSERT INTO feedback (user, message_id, rating, question, answer, sources, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET rating = excluded.rating, "
                "updated = excluded.updated",
                (user, message_id, rating, question, answer["content"], answer["sources"], now, now),
            )
        return True

    def comment(self, user: str, message_id: int, text: str) -> bool:
        """Attach a comment to the user's rating of an answer; return whether there was a rating."""
        with self._connect() as db:
            return db.execute(
                "UPDATE feedback SET comment = ?, updated = ? WHERE message_id = ? AND user = ?",
                (text.strip(), time.time(), message_id, user),
            ).rowcount > 0

    def ratings(self, user: str, conversation_id: int) -> dict[int, str]:
        """Return the user's ratings of answers in one conversation, by message id."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT f.message_id, f.rating FROM feedback f JOIN messages m ON m.id = f.message_id "
                "WHERE f.user = ? AND m.conversation_id = ?",
                (user, conversation_id),
            ).fetchall()
        return {r["message_id"]: r["rating"] for r in rows}

    def feedback(self, user: str | None = None) -> list[dict]:
        """Return feedback rows, oldest first: one user's, or everyone's for export."""
        query = "SELECT id, user, rating, comment, question, answer, sources, created, updated FROM feedback"
        params: tuple = ()
        if user is not None:
            query += " WHERE user = ?"
            params = (user,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY created, id", params).fetchall()
        return [dict(row) | {"sources": json.loads(row["sources"])} for row in rows]
