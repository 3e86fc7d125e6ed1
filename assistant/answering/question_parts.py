"""The separate questions inside one message: "Where are their offices and what languages do they speak?"."""

import re

from assistant.answering.answerability import question_terms

# A new question starts at a question word after "and" (or a comma), after a question mark, or at
# "or" opening a question of its own ("Do we sign first, or does the vendor build the team first?").
_JOINS = re.compile(
    r"\?\s+(?:and\s+|also\s+)?(?=\w)|,?\s+(?:and|&)\s+(?:also\s+)?(?=(?:what|where|which|who|whom|whose|when|why|how)\b)"
    r"|,?\s+or\s+(?=(?:do|does|did|is|are|was|were|can|could|should|would|will|must|may)\s+"
    r"(?:we|i|you|they|it|he|she|there|the|our|their|your|a|an|this|that|these|those)\b)",
    re.IGNORECASE,
)
# The subject a condensed follow-up carries at its end: "... find money for it (risk mitigation prototype)?"
_CARRIED = re.compile(r"\s*(\([^()]*\))\s*\??\s*$")
MIN_PART_TERMS = 1


def own_words(question: str) -> str:
    """Return a condensed follow-up without the subject it carries: "how long does it take?" of "how long does it take (DR test)?"."""
    carried = _CARRIED.search(question)
    return f"{question[: carried.start()].rstrip(' ?')}?" if carried else question


def question_parts(question: str, carried_subject: bool = True) -> list[str]:
    """Return the questions a message asks ([] when it asks one), each with the subject a follow-up carries if wanted.

    Searching needs that subject; ranking a passage's sentences, already about it, does better without.
    """
    carried = _CARRIED.search(question)
    body = question[: carried.start()] if carried else question
    parts = [p.strip(" ,;?") for p in _JOINS.split(body)]
    parts = [p for p in parts if len(question_terms(p)) >= MIN_PART_TERMS]
    if len(parts) < 2:
        return []
    suffix = f" {carried.group(1)}" if carried and carried_subject else ""
    return [f"{p}{suffix}?" for p in parts]
