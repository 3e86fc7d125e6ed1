"""Answer "what are the steps / types / benefits" with the subsections of the matching section."""

import re

from assistant.answering.text import split_sentences
from assistant.knowledge.lexical import tokenize
from assistant.knowledge.retrieval import Hit, Retriever

_LIST_QUESTION = re.compile(
    r"\b(types|kinds|sorts|steps|stages|phases|benefits|advantages|pros|forms|categories|varieties)\b|\bhow\s+does\b.*\bwork\b",
    re.IGNORECASE,
)
# Words English uses for the same kind of list; a heading says one, a question another.
_SAME_LIST = {stem: head for head, words in {
    "type": "types kinds sorts forms categories varieties",
    "step": "steps stages phases",
    "benefit": "benefits advantages pros",
}.items() for stem in tokenize(words)}
MIN_CHILDREN = 3
MAX_CHILDREN = 8
# A first sentence this short rarely says anything on its own ("Outsourcing can make your business more flexible.").
SHORT_SENTENCE = 60


def _summary(text: str, number: int) -> str:
    """Return the opening sentence (two when the first is short), each cited."""
    sentences = [s for s in split_sentences(text) if not s.endswith(":")]
    if not sentences:
        return ""
    chosen = sentences[:2] if len(sentences[0]) < SHORT_SENTENCE and len(sentences) > 1 else sentences[:1]
    return " ".join(f"{sentence} [{number}]" for sentence in chosen)


def _leaf(section: str) -> str:
    return re.sub(r"^\d+\.\s+", "", section.split(" > ")[-1])


def children_of(hit: Hit, retriever: Retriever) -> list[int]:
    """Return positions of the first chunk of each direct subsection of the hit's section, in document order."""
    prefix = f"{hit.section} > "
    first: dict[str, int] = {}
    for position, meta in enumerate(retriever.metadatas):
        section = meta.get("section", "")
        if meta.get("source") != hit.source or not section.startswith(prefix) or " > " in section[len(prefix):]:
            continue
        if section not in first or meta.get("order", 0) < retriever.metadatas[first[section]].get("order", 0):
            first[section] = position
    return sorted(first.values(), key=lambda p: retriever.metadatas[p].get("order", 0))[:MAX_CHILDREN]


def _parent(hit: Hit, retriever: Retriever) -> Hit | None:
    if " > " not in hit.section:
        return None
    section = hit.section.rsplit(" > ", 1)[0]
    matches = [p for p, m in enumerate(retriever.metadatas) if m.get("source") == hit.source and m.get("section") == section]
    if not matches:
        return None
    return retriever.hit_at(min(matches, key=lambda p: retriever.metadatas[p].get("order", 0)), hit.score)


def outline_answer(question: str, hits: list[Hit], retriever: Retriever) -> tuple[str, list[Hit]] | None:
    """Return a cited list of a section's subsections when the question asks for them, else None."""
    if not _LIST_QUESTION.search(question):
        return None
    asked = {_SAME_LIST.get(t, t) for t in tokenize(" ".join(m.group(1) or "" for m in _LIST_QUESTION.finditer(question)))}
    for rank, hit in enumerate(hits[:3]):
        parent = _parent(hit, retriever)
        for option in [hit] + ([parent] if parent else []):
            children = children_of(option, retriever)
            # A parent reached through a child must be what the question names ("benefits").
            named = bool(asked & {_SAME_LIST.get(t, t) for t in tokenize(_leaf(option.section))})
            if len(children) < MIN_CHILDREN or not (named or (option is hit and rank < 2)):
                continue
            return _render(option, [retriever.hit_at(p, hit.score) for p in children])
    return None


def _render(parent: Hit, children: list[Hit]) -> tuple[str, list[Hit]]:
    intro = next((s for s in split_sentences(parent.text) if re.search(r"\b(here|following|include|types|steps)\b", s, re.I)), "")
    lines = [f"{intro.rstrip(':.')}: [1]" if intro else f"**{_leaf(parent.section)}** [1]"]
    for n, child in enumerate(children, start=2):
        lines.append(f"{n - 1}. **{_leaf(child.section)}:** {_summary(child.text, n)}")
    return "\n".join(lines), [parent] + children
