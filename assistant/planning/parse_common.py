"""What every answer parser shares: the re-ask error, clause splitting and "no preference" answers."""

import re

MAX_ANSWER_CHARS = 4000

_NONE = re.compile(
    r"^\W*(no|none|nope|n/?a|nil|nothing|neither)\W*$|"
    r"\b(none|no\s+(particular\s+|specific\s+|real\s+)?(preference|requirement|constraint|restriction)s?|"
    r"not\s+applicable|n/a|does\s*n[o']?t\s+matter|do\s*n[o']?t\s+(mind|care)|anywhere|"
    r"any\s+(is\s+fine|will\s+do|\w+\s+is\s+fine)|either\s+(is\s+fine|way|works)|"
    r"not\s+(important|relevant|needed|required)|nothing\s+(special|specific|in\s+particular)|"
    r"no\s+specific\s+\w+|no\s+targets?)\b",
    re.IGNORECASE,
)
MANDATORY = re.compile(
    r"\b(must|required?|requires|mandatory|need(s|ed)?|essential|non[- ]negotiable|ha(ve|s)\s+to|necessary|"
    r"only\s+(consider|accept))\b",
    re.IGNORECASE,
)
OPTIONAL = re.compile(
    r"\b(nice|prefer(red|ably|ence)?|ideally|bonus|plus|optional|would\s+be\s+good|desirable|helpful|"
    r"if\s+possible|welcome)\b",
    re.IGNORECASE,
)


class ParseError(ValueError):
    """An answer that cannot be read; the message tells the user how to answer instead."""


def require_text(text: str) -> str:
    """Return the answer stripped, or raise ParseError when it is empty or too long."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ParseError("I did not get an answer.")
    if len(cleaned) > MAX_ANSWER_CHARS:
        raise ParseError(f"That answer is {len(cleaned):,} characters long; please keep it under {MAX_ANSWER_CHARS:,}.")
    return cleaned


def says_none(text: str) -> bool:
    """Return whether an answer means "none" or "no preference"."""
    return bool(_NONE.search(text))


def clauses(text: str) -> list[str]:
    """Split an answer into clauses at punctuation and at "and"/"but" (decimal points stay inside numbers)."""
    parts = re.split(r"[;,\n]|\.(?!\d)|\band\b|\bbut\b|\bwhile\b|\bwhereas\b", text, flags=re.IGNORECASE)
    return [p.strip() for p in parts if p and p.strip()]


def is_mandatory(clause: str) -> bool:
    """Return whether a clause marks what it names as a must rather than a wish."""
    return bool(MANDATORY.search(clause)) and not OPTIONAL.search(clause)


def quote(text: str, limit: int = 80) -> str:
    """Return a short quoted form of an answer for messages."""
    one_line = " ".join(text.split())
    return f"“{one_line if len(one_line) <= limit else one_line[: limit - 1] + '…'}”"


def number(raw: str) -> float:
    """Read "10,000", "10.000", "1.5" or "1,5" (a separator followed by exactly 3 digits groups thousands)."""
    groups = re.split(r"[,.'\u00a0\u202f]", raw)
    if len(groups) == 1:
        return float(raw)
    if all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    return float("".join(groups[:-1]) + "." + groups[-1])


def format_amount(value: float) -> str:
    """Return 10000 as "10,000" and 62.5 as "62.50"."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
