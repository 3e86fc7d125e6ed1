"""Conversation and feedback persistence: scoped per user, feedback kept for export."""

import csv
import io
import json

import pytest

from assistant.web.conversations import TITLE_CHARS, ConversationStore, title_for
from assistant.web.feedback_export import write_csv, write_jsonl

SOURCES = [{"id": "c1", "text": "Cloud outsourcing moves hosting.", "source": "knowledge/guide/g.md",
            "title": "Guide", "section": "Types > Cloud", "score": 0.8, "metadata": {"kind": "guide"}}]


@pytest.fixture
def store(tmp_path):
    return ConversationStore(tmp_path / "var" / "assistant.sqlite3")


def converse(store, user="alice", question="What is cloud outsourcing?"):
    conversation = store.create(user, question)
    store.add_message(user, conversation, "user", question)
    answer = store.add_message(user, conversation, "assistant", "It moves hosting outside [1].", SOURCES, None)
    return conversation, answer


def test_conversation_round_trip(store):
    conversation, answer = converse(store)
    messages = store.messages("alice", conversation)
    assert [(m.role, m.content) for m in messages] == [
        ("user", "What is cloud outsourcing?"), ("assistant", "It moves hosting outside [1].")]
    assert messages[1].sources == SOURCES and messages[1].id == answer
    assert [c.title for c in store.recent("alice")] == ["What is cloud outsourcing?"]


def test_recent_lists_the_latest_activity_first(store):
    first, _ = converse(store, question="first")
    converse(store, question="second")
    store.add_message("alice", first, "user", "back to the first")
    assert [c.title for c in store.recent("alice")] == ["first", "second"]


def test_users_never_see_or_change_each_others_conversations(store):
    conversation, answer = converse(store, "alice")
    assert store.recent("bob") == []
    assert store.messages("bob", conversation) is None
    assert not store.owns("bob", conversation)
    with pytest.raises(PermissionError):
        store.add_message("bob", conversation, "user", "sneaky")
    assert store.delete("bob", conversation) is False
    assert store.rate("bob", answer, "down") is False
    assert store.feedback("bob") == [] and store.feedback("alice") == []
    assert len(store.messages("alice", conversation)) == 2


def test_feedback_keeps_question_answer_and_sources(store):
    conversation, answer = converse(store)
    assert store.rate("alice", answer, "down") is True
    assert store.comment("alice", answer, "  It missed the backup part.  ") is True
    [row] = store.feedback("alice")
    assert row["rating"] == "down" and row["comment"] == "It missed the backup part."
    assert row["question"] == "What is cloud outsourcing?" and row["answer"] == "It moves hosting outside [1]."
    assert row["sources"] == SOURCES
    assert store.ratings("alice", conversation) == {answer: "down"}
    store.rate("alice", answer, "up")
    assert [r["rating"] for r in store.feedback()] == ["up"]  # a change of mind updates, not duplicates
    store.rate("alice", answer, None)
    assert store.feedback() == []


def test_questions_cannot_be_rated(store):
    conversation = store.create("alice", "q")
    question = store.add_message("alice", conversation, "user", "q")
    assert store.rate("alice", question, "up") is False


def test_deleting_a_conversation_keeps_its_feedback(store):
    conversation, answer = converse(store)
    store.rate("alice", answer, "up")
    assert store.delete("alice", conversation) is True
    assert store.messages("alice", conversation) is None and store.recent("alice") == []
    assert [r["rating"] for r in store.feedback("alice")] == ["up"]


def test_titles_are_one_short_line():
    assert title_for("  What is\n cloud  outsourcing? ") == "What is cloud outsourcing?"
    long = title_for("word " * 40)
    assert len(long) == TITLE_CHARS and long.endswith("…")


def test_export_formats(store):
    _, answer = converse(store)
    store.rate("alice", answer, "up")
    store.comment("alice", answer, 'Great, "quoted", answer')
    rows = store.feedback()
    text = io.StringIO()
    write_csv(rows, text)
    [record] = list(csv.DictReader(io.StringIO(text.getvalue())))
    assert record["rating"] == "up" and record["comment"] == 'Great, "quoted", answer'
    assert record["sources"] == "[1] knowledge/guide/g.md › Types > Cloud"
    assert record["created"].endswith("+00:00")
    lines = io.StringIO()
    write_jsonl(rows, lines)
    [data] = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert data["sources"][0]["text"] == "Cloud outsourcing moves hosting." and data["user"] == "alice"
