"""The values the answering pipeline returns."""

from dataclasses import dataclass, field
from typing import Literal

from assistant.knowledge.retrieval import Hit


@dataclass(frozen=True)
class Turn:
    """One message of a conversation."""

    role: Literal["user", "assistant"]
    content: str


@dataclass
class Answer:
    """A finished answer: text with [n] citations and the sources in citation order."""

    answer: str
    sources: list[Hit]
    refused: bool
    backend: str
    standalone_question: str = ""
    notice: str | None = None
    fallback: bool = field(default=False, metadata={"doc": "True when the LLM answer was replaced by an extractive one"})

    def to_json(self) -> dict:
        """Return the `assistant ask --json` shape."""
        return {
            "answer": self.answer,
            "sources": [hit.public() for hit in self.sources],
            "refused": self.refused,
            "backend": self.backend,
            "standalone_question": self.standalone_question,
            "notice": self.notice,
        }


def parse_history(items: list) -> list[Turn]:
    """Validate a list of {"role", "content"} dicts, raising ValueError naming the bad item."""
    if not isinstance(items, list):
        raise ValueError("history must be a JSON list of {\"role\": ..., \"content\": ...} objects")
    turns = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or item.get("role") not in ("user", "assistant") or not isinstance(item.get("content"), str):
            raise ValueError(f"history item {n} must have role \"user\" or \"assistant\" and a string content")
        turns.append(Turn(item["role"], item["content"]))
    return turns
