"""Chat completions through the Assistant pipeline: the question, its history, the saved conversation."""

import logging
import threading
from dataclasses import dataclass
from itertools import chain
from typing import Iterator

from assistant.answering.models import Answer, Turn
from assistant.api.errors import ApiError
from assistant.api.openai_shapes import MODEL_ID, ChatRequest, message_text
from assistant.queries import QueryError, clean_query

log = logging.getLogger(__name__)
IGNORED_ROLES = ("system", "developer")  # our own system prompt is the only one the pipeline follows


@dataclass
class Exchange:
    """One question a user asks: its history, and the conversation it is saved to ("new", an id or None)."""

    user: str
    question: str
    history: list[Turn]
    conversation_id: int | str | None = None


def model_not_found(model: str) -> ApiError:
    """Return the error for a model other than the assistant."""
    return ApiError(404, f"The model {model!r} does not exist; this server has one model, {MODEL_ID!r}.",
                    code="model_not_found", param="model")


class ChatService:
    """Turn chat requests into answers, sharing the web app's Assistant, conversations and index lock."""

    def __init__(self, settings, assistant, conversations, lock):
        self.settings = settings
        self.assistant = assistant
        self.conversations = conversations
        self.lock = lock
        self._slots = threading.BoundedSemaphore(settings.concurrency_limit)

    def prepare(self, request: ChatRequest, user: str) -> Exchange:
        """Check a request and return the exchange it asks for, or raise ApiError."""
        if request.model != MODEL_ID:
            raise model_not_found(request.model)
        messages = [m for m in request.messages if m.role not in IGNORED_ROLES]
        if not messages or messages[-1].role != "user":
            raise ApiError(400, "The last message must be the user's question (role \"user\").", param="messages")
        unsupported = sorted({m.role for m in messages} - {"user", "assistant"})
        if unsupported:
            raise ApiError(400, f"Messages with role {unsupported[0]!r} are not supported: send user and assistant "
                                "messages only.", param="messages")
        question = message_text(messages[-1]).strip()
        limit = self.settings.max_query_chars
        if len(question) > limit:
            raise ApiError(400, f"The message is {len(question):,} characters long; the limit is {limit:,} "
                                "(ASSISTANT_MAX_QUERY_CHARS). Shorten it and send it again.",
                           code="context_length_exceeded", param="messages")
        try:
            clean_query(question, limit)
        except QueryError as exc:
            raise ApiError(400, f"{str(exc)[0].upper()}{str(exc)[1:]}.", code="empty_message", param="messages") from exc
        history = [Turn(m.role, message_text(m)) for m in messages[:-1] if message_text(m).strip()]
        conversation = request.conversation_id
        if isinstance(conversation, int):
            stored = self.conversations.messages(user, conversation)
            if stored is None:  # someone else's conversation looks exactly like a missing one
                raise ApiError(404, f"You have no conversation {conversation}.", code="conversation_not_found",
                               param="conversation_id")
            history = [Turn(m.role, m.content) for m in stored]
        return Exchange(user, question, history, conversation)

    def answer(self, exchange: Exchange) -> Iterator[str | Answer]:
        """Yield the answer's text piece by piece, then the final Answer; save both messages if asked to."""
        if exchange.conversation_id == "new":
            exchange.conversation_id = self.conversations.create(exchange.user, exchange.question)
        if exchange.conversation_id is not None:
            self.conversations.add_message(exchange.user, exchange.conversation_id, "user", exchange.question)
        # The extractive pipeline streams its final text; an LLM's draft is checked and renumbered before
        # it becomes the answer, and a stream cannot take back what it sent, so only the final text goes out.
        passthrough = self.assistant.backend.chat is None
        streamed = ""
        for event in self._events(exchange.question, exchange.history):
            if not isinstance(event, Answer):
                if passthrough:
                    streamed += event
                    yield event
                continue
            if event.answer.startswith(streamed):
                if event.answer[len(streamed):]:
                    yield event.answer[len(streamed):]
            else:
                log.warning("the streamed text of an answer differs from its final text")
            if exchange.conversation_id is not None:
                self.conversations.add_message(exchange.user, exchange.conversation_id, "assistant", event.answer,
                                               [hit.public() for hit in event.sources], event.notice)
            yield event
            return
        raise RuntimeError("the assistant finished without an answer")

    def _events(self, question: str, history: list[Turn]) -> Iterator[str | Answer]:
        """Yield the pipeline's events, within an answer slot and the index lock while it retrieves."""
        with self._slots:
            events = self.assistant.stream(question, history)
            # As in the web chat: an upload must not swap the index mid-search, yet may go on while an LLM writes.
            with self.lock.reading():
                first = next(events, None)
            yield from chain([first] if first is not None else [], events)
