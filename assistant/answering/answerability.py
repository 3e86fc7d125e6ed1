"""Whether the retrieved passages contain what a question asks for, beyond being similar to it.

Two general signals, calibrated on the dev splits of every corpus (`evals/calibrate.py`):
- term coverage: the share of the question's distinctive terms (weighted by how rare each is in
  the knowledge base) that the best passage contains, with its title and heading path;
- answer type: a question asking for a figure, a duration or a date needs a passage that holds one.
"""

import re

from assistant.knowledge.lexical import tokenize
from assistant.knowledge.retrieval import Hit

# Words that frame a question rather than name its subject; they carry no evidence either way.
_FRAMING = frozenset(tokenize(
    "tell explain describe know need want like thing things way ways actually just really usually ok okay "
    "please exactly kind kinds sort type types happen happens supposed allowed mean means lot bit "
    "good best better right whole one anything something someone anyone sentence sentences summary summarise "
    "summarize briefly brief short shortly simple simply plain terms words overview quick quickly"
))
_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
                 r"hundred|thousand|million|billion|half|quarter|dozen|single|double|triple|twice")
_HAS_NUMBER = re.compile(rf"\d|\b({_NUMBER_WORDS})\b", re.IGNORECASE)
_HAS_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\bq[1-4]\b"
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekly|monthly|annually|yearly|daily|quarterly)\b"
    rf"|\b({_NUMBER_WORDS}|\d+)\s+(days?|weeks?|months?|years?|hours?|minutes?)\b",
    re.IGNORECASE,
)
_ASKS_FIGURE = re.compile(
    r"\bhow\s+(much|many|big|large|long|often|soon|fast|quickly)\b|\bwhat\s+(percentage|percent|share|proportion|"
    r"amount|number|size|price|cost|fee|rate|threshold|limit)\b|\b(dollar|euro|pound)\s+amount\b",
    re.IGNORECASE,
)
_ASKS_DATE = re.compile(r"\b(what|which)\s+(date|year|day|month)\b|\bdeadline\b|\bwhen\s+(is|was|were|did)\b.*\b(due|held|published|signed|start\w*|end\w*|expir\w*)\b",
                        re.IGNORECASE)


def question_terms(question: str) -> list[str]:
    """Return the content terms of a question, without the words that only frame it."""
    return [t for t in dict.fromkeys(tokenize(question)) if t not in _FRAMING]


def term_coverage(question: str, hits: list[Hit], idf: dict[str, float]) -> float:
    """Return the idf-weighted share of the question's terms found in its best-covering passage (0..1)."""
    terms = question_terms(question)
    if not terms or not hits:
        return 0.0
    # A term the knowledge base never uses may be a paraphrase as much as an unknown subject: it
    # counts as a term of middling rarity, not as the rarest.
    values = sorted(idf.values())
    middle = values[len(values) // 2] if values else 1.0
    weights = {t: idf.get(t, middle) for t in terms}
    total = sum(weights.values())
    best = 0.0
    for hit in hits:
        found = set(tokenize(f"{hit.title} {hit.section} {hit.text}"))
        best = max(best, sum(w for t, w in weights.items() if t in found) / total)
    return best


SHORT_QUESTION_TERMS = 2


def short_question_uncovered(question: str, hits: list[Hit]) -> bool:
    """Return whether a question of one or two terms has no passage holding all of them.

    With so few words there is no paraphrase to forgive: "the capital of Australia" is not answered
    by a passage that names Australia only.
    """
    terms = question_terms(question)
    if not terms or len(terms) > SHORT_QUESTION_TERMS:
        return False
    return not any(set(terms) <= set(tokenize(f"{h.title} {h.section} {h.text}")) for h in hits)


def missing_answer_type(question: str, hits: list[Hit]) -> str | None:
    """Return "figure" or "date" when the question asks for one and no passage holds one, else None."""
    texts = [hit.text for hit in hits]
    if _ASKS_DATE.search(question) and not any(_HAS_DATE.search(t) for t in texts):
        return "date"
    if _ASKS_FIGURE.search(question) and not any(_HAS_NUMBER.search(t) for t in texts):
        return "figure"
    return None


_WANTS_DATE = re.compile(r"\bwhen\b|\b(what|which)\s+(date|day|year|month)\b|\b(last|latest|first)\s+(day|date)\b"
                         r"|\bdeadline\b|\bhow\s+soon\b|\brun\s+out\b|\bexpir\w*\b", re.IGNORECASE)


def wanted_type(question: str) -> str | None:
    """Return the kind of fact a question wants ("date" or "figure"), for preferring sentences that hold one."""
    if _WANTS_DATE.search(question):
        return "date"
    if _ASKS_FIGURE.search(question) or re.search(r"\b(charge|cost|costs|price|fee|fees|pay|paying|budget)\b", question, re.I):
        return "figure"
    return None


def holds_type(sentence: str, kind: str | None) -> bool:
    """Return whether a sentence holds the kind of fact wanted."""
    if kind == "date":
        return bool(_HAS_DATE.search(sentence))
    if kind == "figure":
        return bool(_HAS_NUMBER.search(sentence))
    return False
