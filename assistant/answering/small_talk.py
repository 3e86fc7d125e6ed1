"""Recognise greetings, thanks and farewells: messages that need a friendly reply, not a search."""

import re

# The whole message must be small talk ("hi", "thanks a lot!"); a greeting before a question is a question.
_KINDS = {
    "thanks": r"(many\s+)?(thanks?|thank\s+you|thx|ty|cheers)(\s+(so|very)\s+much|\s+a\s+lot|\s+again)?",
    "goodbye": r"(good\s*)?bye|see\s+you(\s+later)?|that'?s\s+all(\s+for\s+now)?|have\s+a\s+(nice|good)\s+(day|one)",
    "greeting": r"(hi|hello|hey|hiya|howdy|greetings|good\s+(morning|afternoon|evening)|yo)(\s+there)?"
                r"|how\s+are\s+you(\s+doing)?|what\s+can\s+you\s+do|who\s+are\s+you|help",
}
_FILLER = r"(\s*(,|!|\.|\?|:\)|:-\)|🙂|👍)\s*|\s+(ok|okay|great|perfect|nice|cool|so\s+much))*"
_PATTERNS = {kind: re.compile(rf"^\s*((ok|okay|great|perfect|nice|cool)[,!.]?\s+)?({body}){_FILLER}\s*$", re.IGNORECASE)
             for kind, body in _KINDS.items()}


def small_talk_kind(message: str) -> str | None:
    """Return "greeting", "thanks" or "goodbye" when the whole message is small talk, else None."""
    for kind, pattern in _PATTERNS.items():
        if pattern.match(message):
            return kind
    return None
