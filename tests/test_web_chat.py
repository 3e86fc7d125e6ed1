"""Chat handlers without a server: streaming, history, limits, errors, reopening, feedback, isolation."""

from types import SimpleNamespace

import pytest

from assistant.answering import Assistant
from assistant.answering.backends import Backend
from assistant.web.chat import FAILED, THINKING, ChatHandlers, ChatState
from assistant.web.conversations import ConversationStore
from assistant.web.locking import ReadWriteLock
from fakes import build_knowledge_base

ALICE, BOB = SimpleNamespace(username="alice"), SimpleNamespace(username="bob")


@pytest.fixture
def handlers(tmp_path, isolated_env):
    settings, retriever, embeddings = build_knowledge_base(tmp_path, relevance_threshold=0.2, max_query_chars=200)
    assistant = Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    return ChatHandlers(settings, assistant, ConversationStore(settings.database_path), ReadWriteLock())


def last(events):
    return list(events)[-1]


def text_of(message: dict) -> str:
    return message["content"]


def test_answer_streams_then_settles_with_citations_and_sources(handlers):
    state = ChatState()
    updates = list(handlers.send("What does cloud outsourcing include?", state, ALICE))
    assert len(updates) >= 3
    first_chat, first_box, _, conversations = updates[0]
    assert first_box == "" and text_of(first_chat[-1]) == THINKING
    assert [c[0] for c in conversations["choices"]] == ["What does cloud outsourcing include?"]
    assert any("▌" in text_of(u[0][-1]) for u in updates[1:-1])  # a partial answer was shown
    final = text_of(updates[-1][0][-1])
    assert "[1]" in final and '<details class="source">' in final and "<mark>" in final
    stored = handlers.conversations.messages("alice", state.conversation_id)
    assert [m.role for m in stored] == ["user", "assistant"] and stored[1].sources
    assert state.message_ids == [m.id for m in stored]


def test_follow_up_uses_the_conversation_so_far(handlers):
    state = ChatState()
    last(handlers.send("What is cloud outsourcing?", state, ALICE))
    chat, *_ = last(handlers.send("and what does it include?", state, ALICE))
    assert "Cloud Outsourcing" in text_of(chat[-1]) and len(chat) == 4
    assert len(handlers.conversations.recent("alice")) == 1


def test_too_long_message_gets_a_notice_and_stays_in_the_box(handlers):
    state = ChatState()
    message = "cloud " * 100
    chat, box, state, _ = last(handlers.send(message, state, ALICE))
    assert "limit is 200" in text_of(chat[-1]) and box == message
    assert state.message_ids == [None, None] and handlers.conversations.recent("alice") == []


def test_blank_message_changes_nothing(handlers):
    chat, box, state, _ = last(handlers.send("   ", ChatState(), ALICE))
    assert chat == [] and box == ""


def test_failure_shows_a_friendly_message_not_a_traceback(handlers, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database on fire")
        yield

    monkeypatch.setattr(handlers.assistant, "stream", explode)
    chat, *_ = last(handlers.send("What is cloud outsourcing?", ChatState(), ALICE))
    assert text_of(chat[-1]) == FAILED and "fire" not in str(chat)


def test_reopen_new_chat_and_delete(handlers):
    state = ChatState()
    last(handlers.send("What is cloud outsourcing?", state, ALICE))
    first = state.conversation_id
    chat, state, conversations, box = handlers.new_chat(ALICE)
    assert chat == [] and state.conversation_id is None and conversations["value"] is None
    last(handlers.send("What are the risks?", state, ALICE))
    second = state.conversation_id
    assert second != first
    update, reopened = handlers.open(str(first), state, ALICE)
    assert reopened.conversation_id == first and len(update["value"]) == 2
    assert "[1]" in text_of(update["value"][1]) and update["feedback_value"] == [None]
    chat, state, conversations = handlers.delete(str(first), reopened, ALICE)
    assert chat == [] and state.conversation_id is None
    assert [c[1] for c in conversations["choices"]] == [str(second)]


def test_other_users_conversations_cannot_be_opened(handlers):
    state = ChatState()
    last(handlers.send("What is cloud outsourcing?", state, ALICE))
    update, bob_state = handlers.open(str(state.conversation_id), ChatState(), BOB)
    assert bob_state.conversation_id is None and "value" not in update
    assert handlers.api_messages(state.conversation_id, BOB) == []
    assert handlers.api_conversations(BOB) == []
    assert len(handlers.api_messages(state.conversation_id, ALICE)) == 2
    # Bob's next message must not land in Alice's conversation even with her id in his state.
    last(handlers.send("What are the risks?", ChatState(conversation_id=state.conversation_id), BOB))
    assert len(handlers.conversations.messages("alice", state.conversation_id)) == 2


def test_rating_and_comment_are_stored(handlers):
    state = ChatState()
    last(handlers.send("What is cloud outsourcing?", state, ALICE))
    box, text, state = handlers.rate(SimpleNamespace(index=1, liked=False), state, ALICE)
    assert box["visible"] is True and state.rated_message == state.message_ids[1]
    box, text, state = handlers.comment("Too short.", state, ALICE)
    assert box["visible"] is False
    [row] = handlers.conversations.feedback("alice")
    assert (row["rating"], row["comment"], row["question"]) == ("down", "Too short.", "What is cloud outsourcing?")
    assert row["sources"] and "[1]" in row["answer"]
    handlers.rate(SimpleNamespace(index=1, liked=""), state, ALICE)  # clicking the thumb again clears it
    assert handlers.conversations.feedback("alice") == []


def test_rating_a_notice_or_question_is_ignored(handlers):
    state = ChatState()
    last(handlers.send("x" * 300, state, ALICE))
    box, _, state = handlers.rate(SimpleNamespace(index=1, liked=True), state, ALICE)
    assert box["visible"] is False and handlers.conversations.feedback() == []


def test_a_storage_failure_before_answering_keeps_earlier_answers(handlers, monkeypatch):
    state = ChatState()
    last(handlers.send("What is cloud outsourcing?", state, ALICE))
    earlier = list(state.display)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(handlers.conversations, "add_message", broken)
    chat, *_ = last(handlers.send("What are the risks?", state, ALICE))
    assert chat[:2] == earlier and text_of(chat[-1]) == FAILED and len(state.message_ids) == len(chat)
