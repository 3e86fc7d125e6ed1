"""Structured answerers: exact answers from profile fields or a document's outline, behind one interface.

Each answerer looks at the prepared question (and, after retrieval, the hits) and returns a cited
answer or None. Those that run before retrieval answer from structured data no passage can beat;
those that run after it must be anchored on the best passage, so no canned route wins over a
passage that answers the question.
"""

from dataclasses import dataclass, field
from typing import Callable

from assistant.answering.knowledge_overview import knowledge_overview
from assistant.answering.next_section import next_section_answer
from assistant.answering.outline import outline_answer
from assistant.answering.risk_answer import risk_answer
from assistant.answering.vendor_compare import answer_vendor_comparison
from assistant.answering.vendor_query import answer_vendor_filter, answer_vendor_superlative, named_vendors
from assistant.knowledge.retrieval import Hit, Retriever


@dataclass
class Prepared:
    """A question ready for answering: the cleaned text, its standalone form and the conversation."""

    question: str
    standalone: str
    notice: str | None = None
    vendor_names: dict[str, str] = field(default_factory=dict)
    previous_answer: str = ""


@dataclass(frozen=True)
class Structured:
    """A structured answer: its text with [n] citations and the sources they number."""

    name: str
    text: str
    sources: list[Hit]


@dataclass(frozen=True)
class Answerer:
    """A named structured answerer; `run` returns (text, sources) or None."""

    name: str
    run: Callable[[Prepared, list[Hit], Retriever], tuple[str, list[Hit]] | None]

    def __call__(self, prepared: Prepared, hits: list[Hit], retriever: Retriever) -> Structured | None:
        """Return the answer, or None when this answerer does not apply."""
        result = self.run(prepared, hits, retriever)
        return Structured(self.name, *result) if result else None


BEFORE_RETRIEVAL = [
    Answerer("knowledge_overview", lambda p, _, r: knowledge_overview(p.question, r, p.vendor_names)),
    Answerer("vendor_comparison", lambda p, _, r: answer_vendor_comparison(p.standalone, r, p.vendor_names)),
    Answerer("vendor_superlative", lambda p, _, r: answer_vendor_superlative(p.standalone, r)),
    Answerer("vendor_filter", lambda p, _, r: answer_vendor_filter(p.standalone, r)),
]
AFTER_RETRIEVAL = [
    Answerer("next_section", lambda p, hits, r: next_section_answer(p.question, p.previous_answer, hits, r)),
    Answerer("outline", lambda p, hits, r: outline_answer(p.standalone, hits, r)),
    Answerer("risk_list", lambda p, hits, r: None if named_vendors(p.standalone, p.vendor_names)
             else risk_answer(p.standalone, hits, r)),
]


def anchored(answer: Structured, hits: list[Hit], best: Hit | None = None) -> bool:
    """Return whether a structured answer draws on the best passage: its document (its section, for a list from that document or an outline).

    best: the passage judged best (by default the first retrieved).
    """
    if not hits:
        return False
    best = best or hits[0]
    if answer.name in SECTION_ANCHORED:
        # An outline lists the sub-sections of one section; a best passage elsewhere in the document
        # ("According to the Q&A, what are the benefits?") answers better than that list.
        return any(s.source == best.source and (s.section == best.section or s.section.startswith(f"{best.section} > "))
                   for s in answer.sources)
    listed = [source for source in answer.sources if source.source == best.source]
    # A list drawn from the best passage's document may not leave that passage out: "rate each risk for
    # likelihood and impact" in the risk notes' introduction answers what their list of risks does not.
    if len(listed) >= 2:
        return any(source.section == best.section for source in listed)
    return bool(listed)


SECTION_ANCHORED = frozenset({"outline"})


def first_answer(answerers: list[Answerer], prepared: Prepared, hits: list[Hit], retriever: Retriever,
                 require_anchor: bool, best: Hit | None = None) -> Structured | None:
    """Return the first answerer's answer that applies (and is anchored on the best hit, if required)."""
    for answerer in answerers:
        answer = answerer(prepared, hits, retriever)
        if answer is None or (require_anchor and not anchored(answer, hits, best)):
            continue
        # The same canned text twice in a row answers a different question with the last answer.
        if prepared.previous_answer and same_text(answer.text, prepared.previous_answer):
            continue
        return answer
    return None


def same_text(a: str, b: str) -> bool:
    """Return whether two texts are the same but for case and spacing."""
    normal = lambda s: " ".join(s.split()).lower()
    return normal(a) == normal(b)
