"""Acronyms a question uses that the documents spell out ("DR" for "disaster recovery")."""

import re
from collections import Counter

_JOINER_WORDS = ("of", "and", "for", "the", "to", "in", "on", "&")
_JOINERS = rf"(?:(?:{'|'.join(_JOINER_WORDS)})\s+)?"
# An explicit definition, "disaster recovery (DR)", outweighs phrases that merely share the initials.
DEFINITION_WEIGHT = 5
MIN_EVIDENCE = 2


def spellings(acronym: str, texts: list[str]) -> Counter:
    """Count the phrases of the texts whose words' initials spell the acronym (lowercased)."""
    letters = acronym[:-1] if len(acronym) > 2 and acronym.endswith("s") else acronym
    letters = letters.lower()
    if not 2 <= len(letters) <= 6 or not letters.isalpha():
        return Counter()
    phrase = r"\b" + (r"[\w-]*[\s-]+" + _JOINERS).join(re.escape(c) for c in letters) + r"[\w-]*"
    pattern = re.compile(rf"(?P<phrase>{phrase})(?P<defined>\s*\(\s*{re.escape(acronym)}\s*\))?", re.IGNORECASE)
    found: Counter = Counter()
    for text in texts:
        for match in pattern.finditer(text):
            words = match.group("phrase")
            # Each letter starts a content word: "service levels and" does not spell "SLA".
            content = [w for w in re.split(r"[\s-]+", words.lower()) if w and w not in _JOINER_WORDS]
            if "".join(w[0] for w in content) != letters or any(len(w) < 3 for w in content):
                continue
            found[" ".join(words.lower().split())] += DEFINITION_WEIGHT if match.group("defined") else 1
    return found


def spell_out(acronym: str, texts: list[str]) -> str | None:
    """Return the phrase the texts define an acronym as ("disaster recovery (DR)"), or None."""
    ranked = spellings(acronym, texts).most_common(1)
    return ranked[0][0] if ranked and ranked[0][1] >= DEFINITION_WEIGHT else None


def is_spelled_out(acronym: str, texts: list[str]) -> bool:
    """Return whether the texts hold phrases an acronym may stand for (used before judging it unknown)."""
    ranked = spellings(acronym, texts).most_common(1)
    return bool(ranked) and ranked[0][1] >= MIN_EVIDENCE
