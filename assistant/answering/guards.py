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
# ("exactly" is left out: "what exactly triggers that?" stresses the question, it asks for no figure.)
_QUANTITY_WORDS = {"percentage", "percent", "statistic", "statistics", "average", "median", "salary", "salaries"}
_CAPITALISED = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-zA-Z]+|[A-Z]{2,}\w*)\b")


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
    # Numbers are no specifics: "fewer than 100 people" is a fair filter, not an unknown fact.
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
