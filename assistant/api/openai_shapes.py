"""Request and response bodies of the OpenAI chat completions API, plus our citations."""

import json
import secrets
import time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MODEL_ID = "it-outsourcing-assistant"
MODEL_CREATED = 1767225600  # 2026-01-01: a fixed date, so listing the model twice gives the same answer
DONE = "data: [DONE]\n\n"


class TextPart(BaseModel):
    """One part of a message's content; only text parts carry anything the assistant can read."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    """One message of the OpenAI messages format."""

    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None


class ChatRequest(BaseModel):
    """A chat completion request; sampling options a client sends are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = Field(description=f"Must be `{MODEL_ID}` (see GET /v1/models).")
    messages: list[ChatMessage] = Field(min_length=1, description="The conversation, the question last.")
    stream: bool = Field(default=False, description="Send the answer as server-sent events.")
    conversation_id: int | Literal["new"] | None = Field(
        default=None,
        description='Save the exchange in one of your conversations ("new" starts one). With an id, the history '
                    "is that conversation as stored, and earlier messages in `messages` are ignored.",
    )


class SearchRequest(BaseModel):
    """A search of the knowledge base."""

    query: str = Field(description="What to search for.")
    k: int | None = Field(default=None, ge=1, le=50, description="Number of passages (default ASSISTANT_TOP_K).")
    kind: Literal["guide", "vendor", "practice", "document"] | None = Field(
        default=None, description="Only this kind of document.")


def message_text(message: ChatMessage) -> str:
    """Return the text of a message, joining text parts."""
    if isinstance(message.content, list):
        return "\n".join(part.text or "" for part in message.content if part.type == "text")
    return message.content or ""


def completion_id() -> str:
    """Return a fresh id for a completion."""
    return f"chatcmpl-{secrets.token_hex(12)}"


def model_card() -> dict:
    """Return the assistant as an OpenAI model object."""
    return {"id": MODEL_ID, "object": "model", "created": MODEL_CREATED, "owned_by": "it-outsourcing-assistant"}


def completion(id: str, text: str, extra: dict) -> dict:
    """Return a whole chat completion; `extra` carries citations, refused and conversation_id."""
    return {
        "id": id, "object": "chat.completion", "created": int(time.time()), "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop",
                     "logprobs": None}],
    } | extra


def chunk(id: str, delta: dict, finish_reason: str | None = None, extra: dict | None = None) -> str:
    """Return one server-sent event of a streamed completion."""
    body = {
        "id": id, "object": "chat.completion.chunk", "created": int(time.time()), "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}],
    } | (extra or {})
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"
