"""Answer "what comes next?" after an answer with the section that follows it in its document.

A document that walks through a process puts its steps in order: once a user has read about one,
"and what happens next?" is answered by the following section, which no search for the words of
the question (or of the last topic) would rank first.
"""

import re

from assistant.answering.text import split_sentences
from assistant.knowledge.retrieval import Hit, Retriever

# The question asks for what follows without naming it ("after that", "the next step"); "what happens
# after we sign the contract?" names its own point of reference and is a search like any other.
_ASKS_NEXT = re.compile(
    r"\bwhat(?:\s+comes|\s+happens|\s+is|'s|’s)\s+next\b|\bwhat\s+next\b|\b(?:the|our)\s+next\s+step\b"
    r"|\b(?:and\s+)?after\s+that\b|\bthen\s+what\b|^\W*and\s+then\W*$",
    re.IGNORECASE,
)
SUMMARY_SENTENCES = 2


def _leaf(section: str) -> str:
    return section.split(" > ")[-1]


def following_section(hit: Hit, retriever: Retriever) -> Hit | None:
    """Return the first chunk of the section after the hit's own (and its subsections) in the same document."""
    order = lambda p: retriever.metadatas[p].get("order", 0)
    own = retriever.source_positions(hit.source)
    inside = [p for p in own if retriever.metadatas[p].get("section", "") == hit.section
              or retriever.metadatas[p].get("section", "").startswith(f"{hit.section} > ")]
    if not inside:
        return None
    last = max(map(order, inside))
    # Every chunk of the section is at or before `last`; what comes after it is the next section.
    later = [p for p in own if order(p) > last]
    return retriever.hit_at(min(later, key=order), hit.score) if later else None


def next_section_answer(question: str, previous_answer: str, hits: list[Hit], retriever: Retriever) -> tuple[str, list[Hit]] | None:
    """Return the section after the best passage's when a follow-up asks what comes next, else None."""
    if not previous_answer or not hits or not _ASKS_NEXT.search(question) or hits[0].metadata.get("kind") == "vendor":
        return None
    current = hits[0]
    following = following_section(current, retriever)
    if following is None:
        return None
    sentences = [s for s in split_sentences(following.text) if s.strip()][:SUMMARY_SENTENCES]
    if not sentences:
        return None
    body = " ".join(f"{s} [1]" for s in sentences)
    return f"After **{_leaf(current.section)}** comes **{_leaf(following.section)}**: {body}", [following]
