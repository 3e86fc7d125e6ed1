"""Cheap, deterministic checks that run before any answer is composed."""

import re

from assistant.knowledge.lexical import tokenize

# Requests to override the rules or to disclose them. A question may carry one of these next to a
# genuine question; only the genuine part is answered.
_INJECTION = re.compile(
    r"""(
        \b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,40}\b(instructions?|rules|guidelines|prompt|above|previous)\b
      | \b(system|hidden|initial|original)\s+(prompt|instructions?|message)\b
      | \b(reveal|print|show|repeat|output|display|tell\s+me)\b[^.?!]{0,30}\b(your|the)\s+(instructions?|rules|prompt|guidelines)\b
      | \brepeat\s+(the\s+)?(text|words|everything)\s+above\b
      | \byou\s+are\s+now\b | \bact\s+as\b | \bpretend\s+(to\s+be|you)\b | \bDAN\b | \bjailbreak\b | \bdeveloper\s+mode\b
      | \b(say|reply|respond|answer)\s+(only\s+)?(with\s+)?["'“][^"'”]+["'”]
      | \b(end|start|begin|finish|prefix|suffix)\s+(every|each|all|your)\s+(sentences?|answers?|lines?|replies|repl(y|ies)|words?)\b
      | \bafter\s+answering\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_SENTENCES = re.compile(r"[^.?!]+[.?!]*")

# Specific facts a short guide cannot hold: figures, named entities, statistics.
_QUANTITY_WORDS = {"percentage", "percent", "statistic", "statistics", "average", "median", "exact", "exactly", "salary", "salaries"}
_CAPITALISED = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-zA-Z]+|[A-Z]{2,}\w*)\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_COUNTED = re.compile(r"\bhow\s+many\s+(\w+)", re.IGNORECASE)
_FINANCIALS = re.compile(r"\b(share\s+price|stock\s+price|market\s+cap\w*|revenue|turnover|profits?|valuation)\b", re.IGNORECASE)


def split_injection(question: str) -> tuple[str, bool]:
    """Return the question without injected instructions, and whether any were found."""
    kept, found = [], False
    for sentence in _SENTENCES.findall(question):
        if _INJECTION.search(sentence):
            found = True
        elif sentence.strip():
            kept.append(sentence.strip())
    return " ".join(kept), found


def uncovered_specifics(question: str, vocabulary: set[str], spelled_out=lambda acronym: False) -> list[str]:
    """Return names and statistic words of the question that appear nowhere in the knowledge base.

    An acronym the documents write out in full ("DR" where they say "disaster recovery") is known.
    """
    # Numbers are left to unanswered_quantity: "fewer than 100 people" is a fair filter, not an unknown fact.
    specifics = {m.group(1) for m in _CAPITALISED.finditer(question)}
    specifics |= {w for w in re.findall(r"[a-z]+", question.lower()) if w in _QUANTITY_WORDS}
    missing = []
    for term in sorted(specifics):
        tokens = tokenize(term)
        if term.lower() in {"it", "i", "we", "ok"} or (tokens and all(t in vocabulary for t in tokens)):
            continue
        if term.isupper() and spelled_out(term):
            continue
        if term.lower() in _QUANTITY_WORDS or tokens:
            missing.append(term)
    return missing


_QUANTITY_QUESTION = re.compile(
    r"\bhow\s+(much|big|large)\b|\bhow\s+many\s+(years|months|weeks|days|hours|dollars|euros|percent)\b"
    r"|\bwhat\s+(percentage|percent|share|proportion)\b|\b(market\s+size|how\s+long\s+should)\b",
    re.IGNORECASE,
)


def unanswered_quantity(question: str, passages: list[str]) -> bool:
    """Return whether the question asks for a figure and no passage contains a single number."""
    if _QUANTITY_QUESTION.search(question) and not any(_NUMBER.search(p) for p in passages):
        return True
    # "How many customers...": the thing counted must at least be mentioned somewhere.
    mentioned = set(tokenize(" ".join(passages)))
    counted = [m.group(1) for m in _COUNTED.finditer(question)] + [m.group(1) for m in _FINANCIALS.finditer(question)]
    return any(not set(tokenize(term)) <= mentioned for term in counted if tokenize(term))
