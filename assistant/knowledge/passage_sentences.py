"""The sentences of a passage as answers quote them, and the text each is embedded as."""

import re
from dataclasses import dataclass

from assistant.knowledge.layout import LIST_ITEM
from assistant.knowledge.planted import is_planted
from assistant.knowledge.retrieval import Hit
from assistant.sentences import readable_tables, split_sentences

MIN_SENTENCE_CHARS = 25
# Field lines of structured notes ("Category: Security") label a passage; they answer nothing.
_SAYS_SOMETHING = re.compile(r"\w")
_FIELD_LINE = re.compile(r"^(category|applies to|source|written by)\b", re.IGNORECASE)


@dataclass
class Candidate:
    """A sentence of a passage with its relevance to the question."""

    hit_index: int
    position: int
    text: str
    score: float = 0.0
    item: bool = False  # the first sentence of a list item
    in_item: bool = False  # a later sentence of the same list item


# "**Share vision:** Make sure everyone understands...": paragraphs opening with a bold label are the
# items of a list written without bullets.
_LABELLED_PARAGRAPH = re.compile(r"^\*\*[^*\n]{1,60}?(?::\*\*|\*\*:)\s+\S")


def _units(text: str) -> list[tuple[str, bool, bool]]:
    """Return a passage's sentences in order, each with whether it starts or continues a list item."""
    out = []
    # A table's rows are read with its header, which names what each value is.
    for line in readable_tables(text).split("\n"):
        listed = bool(LIST_ITEM.match(line) or _LABELLED_PARAGRAPH.match(line))
        for n, sentence in enumerate(split_sentences(line)):
            out.append((sentence, listed and n == 0, listed and n > 0))
    return out


def candidates(hits: list[Hit]) -> list[Candidate]:
    """Return the quotable sentences of the passages, in reading order."""
    out = []
    for index, hit in enumerate(hits):
        units = _units(hit.text)
        for position, (sentence, item, in_item) in enumerate(units):
            # A sentence ending in a colon only introduces a list; it is worth quoting only with the list.
            introduces = not (item or in_item) and any(u[1] for u in units[position + 1:])
            if sentence.endswith(":") and not introduces:
                continue
            # A sentence addressed to an AI model is data about the document, never an answer.
            # A rule line ("* * *") looks like a list item but says nothing.
            if (len(sentence) >= MIN_SENTENCE_CHARS or item or in_item) and not _FIELD_LINE.match(sentence) \
                    and _SAYS_SOMETHING.search(sentence) and not is_planted(sentence):
                out.append(Candidate(index, position, sentence, item=item, in_item=in_item))
    return out


def leaf(section: str) -> str:
    """Return the last heading of a heading path, without its number."""
    last = section.split(" > ")[-1]
    return last.split(". ", 1)[1] if last[:1].isdigit() and ". " in last else last


def context(hit: Hit) -> str:
    """Return what a passage's sentences are about: its document's title and its heading."""
    heading = leaf(hit.section)
    if not hit.title or hit.title == heading or heading == "Introduction":
        return hit.title or heading
    return f"{hit.title}, {heading}"


def embedding_texts(hits: list[Hit], found: list[Candidate]) -> tuple[list[str], list[str]]:
    """Return each candidate's text alone and placed in its passage's context, as they are embedded."""
    return [c.text for c in found], [f"{context(hits[c.hit_index])}: {c.text}" for c in found]
