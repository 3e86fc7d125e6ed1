"""Turn a follow-up into a standalone question, with or without an LLM."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answering.models import Turn
from assistant.knowledge.lexical import tokenize

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

_CONTINUES = re.compile(r"^\s*(and|also|but|so|then|what about|how about|same for|ok|okay)\b", re.IGNORECASE)
# "IT" in capitals is a subject ("IT support"), not the pronoun; hence no IGNORECASE here.
_PRONOUN = re.compile(r"\b([Ii]t|[Ii]ts|[Tt]hey|[Tt]hem|[Tt]heir|[Tt]hose|[Tt]hese|[Tt]he\s+same)\b")
# "this"/"that" point back only at the end ("handle that?") or in a short question ("is that normal?").
_DEMONSTRATIVE = re.compile(r"\b(that|this|one|ones|such)\b", re.IGNORECASE)
_TRAILING_DEMONSTRATIVE = re.compile(r"\b(that|this|one|ones|those|these|them|it)\s*[?.!]*\s*$", re.IGNORECASE)
# "do that in the first term", "is this for all staff": a demonstrative followed by a preposition stands for a noun.
_DEMONSTRATIVE_OBJECT = re.compile(
    r"\b(that|this)\s+(in|on|at|for|with|by|before|after|without|if|when|during|until|from|under|via|again|anyway)\b"
    # "once we've picked one, what next?": a pronoun closes the clause
    r"|\b(one|that|this)\s*[,;]",
    re.IGNORECASE,
)
SHORT_QUESTION_TERMS = 4


def points_back(question: str) -> bool:
    """Return whether a question says outright that it leans on earlier turns: a pronoun, "and ...", "that"."""
    return bool(
        _CONTINUES.search(question) or _PRONOUN.search(question) or _TRAILING_DEMONSTRATIVE.search(question)
        or _DEMONSTRATIVE_OBJECT.search(question)
        or (_DEMONSTRATIVE.search(question) and len(tokenize(question)) <= SHORT_QUESTION_TERMS)
    )


def looks_like_follow_up(question: str) -> bool:
    """Return whether a question leans on earlier turns: it points back, or it is too short to stand alone."""
    return points_back(question) or len(tokenize(question)) <= 2


_QUESTION_WORDS = re.compile(
    r"\b(what|which|who|whom|whose|how|why|when|where|is|are|was|were|do|does|did|can|could|should|would|will|"
    r"tell|me|about|explain|describe|please|the|a|an|of|to|for|in|on|we|our|us|i|you|your|it|its|they|them|"
    r"that|this|there|these|those|mean|means|include|includes|involve|involves|cover|covers)\b",
    re.IGNORECASE,
)


def topic_of(text: str) -> str:
    """Return the content words of an earlier question: what a follow-up's pronouns point to."""
    # "IT" in capitals is the subject ("IT support"), not the pronoun "it".
    words = _QUESTION_WORDS.sub(lambda m: m.group(0) if m.group(0) == "IT" else " ", re.sub(r"[^\w\s/-]", " ", text))
    # Words the index ignores ("be", "would") carry no topic either.
    kept = [w for w in words.split() if w == "IT" or tokenize(w)]
    return " ".join(dict.fromkeys(kept[:12]))


_CODE = re.compile(r"^(?=.*\d)[A-Za-z]*\d+[A-Za-z]*$")


def _shape(word: str) -> str:
    return re.sub(r"\d+", "#", word.upper())


def _without_replaced(topic: str, question: str) -> str:
    """Drop the codes of the earlier topic that the follow-up replaces: "and for P3?" after a question on P1."""
    shapes = {_shape(w) for w in re.findall(r"[\w-]+", question) if _CODE.match(w)}
    return " ".join(w for w in topic.split() if not (_CODE.match(w) and _shape(w) in shapes))


def _last_standalone(questions: list[str]) -> str:
    """Return the last question with the topics it leaned on: "can they ...?" after two follow-ups means the first subject."""
    standalone = questions[0]
    for question in questions[1:]:
        standalone = f"{question} ({topic_of(standalone)})" if looks_like_follow_up(question) else question
    return standalone


def heuristic_standalone(question: str, history: list[Turn], entities: list[str] = ()) -> str:
    """Carry the topic of the last user turn (and the entities the last answer named) into a follow-up."""
    previous = [t.content for t in history if t.role == "user"]
    if not previous or not looks_like_follow_up(question):
        return question
    topic = _without_replaced(topic_of(_last_standalone(previous)), question)
    if entities:
        topic = f"{topic}; {', '.join(entities)}" if topic else ", ".join(entities)
    return f"{question.rstrip('?. ')} ({topic})?" if topic else question


def condense(question: str, history: list[Turn], chat: BaseChatModel | None, render, entities: list[str] = ()) -> str:
    """Return a standalone question; an LLM rewrite is kept only if it stays on topic."""
    if not history:
        return question
    fallback = heuristic_standalone(question, history, entities)
    if chat is None:
        return fallback
    prompt = render("condense", history=[{"role": t.role, "content": t.content[:600]} for t in history[-6:]], question=question)
    try:
        from langchain_core.messages import HumanMessage

        rewritten = str(chat.invoke([HumanMessage(prompt)]).content).strip().splitlines()[0].strip()
    except Exception:  # a failing rewrite must not cost the user the answer
        return fallback
    known = set(tokenize(question + " " + " ".join(t.content for t in history[-4:])))
    if not rewritten or len(rewritten) > 3 * len(fallback) or not set(tokenize(rewritten)) & known:
        return fallback
    return rewritten
