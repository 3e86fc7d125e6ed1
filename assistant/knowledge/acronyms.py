"""Acronyms a question uses that the documents spell out ("DR" for "disaster recovery")."""

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

CODES_FILE = Path(__file__).with_name("codes.yaml")
_CODE = re.compile(r"^([A-Za-z]{1,3})-?(\d{1,2})$")

_JOINER_WORDS = ("of", "and", "for", "the", "to", "in", "on", "&")
_JOINERS = rf"(?:(?:{'|'.join(_JOINER_WORDS)})\s+)?"
# An explicit definition, "disaster recovery (DR)", outweighs phrases that merely share the initials.
DEFINITION_WEIGHT = 5
MIN_EVIDENCE = 2


@lru_cache(maxsize=1)
def _code_words() -> dict[str, list[str]]:
    table = yaml.safe_load(CODES_FILE.read_text(encoding="utf-8")) or {}
    return {str(prefix).upper(): [str(w) for w in words] for prefix, words in table.items()}


def code_spellings(code: str, texts: list[str]) -> Counter:
    """Count the phrases of the texts a code such as "P1" abbreviates ("priority 1"), by codes.yaml."""
    match = _CODE.match(code)
    words = _code_words().get(match.group(1).upper(), []) if match else []
    if not words:
        return Counter()
    pattern = re.compile(rf"\b({'|'.join(map(re.escape, words))})[\s-]+{match.group(2)}\b", re.IGNORECASE)
    found: Counter = Counter()
    for text in texts:
        for hit in pattern.finditer(text):
            # The convention is the definition: one use of "Priority 1" is evidence enough.
            found[f"{hit.group(1).lower()} {match.group(2)}"] += DEFINITION_WEIGHT
    return found


def unknown_code(code: str, texts: list[str]) -> bool:
    """Return whether the texts number a code's family ("Priority 1", "Priority 2") but never this one ("P3")."""
    match = _CODE.match(code)
    words = _code_words().get(match.group(1).upper(), []) if match else []
    if not words or code_spellings(code, texts):
        return False
    own = re.compile(rf"\b{re.escape(match.group(1))}-?{match.group(2)}\b", re.IGNORECASE)
    family = re.compile(rf"\b({'|'.join(map(re.escape, words))})[\s-]+\d{{1,2}}\b", re.IGNORECASE)
    return not any(own.search(t) for t in texts) and any(family.search(t) for t in texts)


def spellings(acronym: str, texts: list[str]) -> Counter:
    """Count the phrases of the texts whose words' initials spell the acronym (lowercased)."""
    if _CODE.match(acronym):
        return code_spellings(acronym, texts)
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
