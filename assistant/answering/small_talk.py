"""Recognise greetings, thanks and farewells: messages that need a friendly reply, not a search."""

import re

# The whole message must be small talk ("hi", "thanks a lot!"); a greeting before a question is a question.
_KINDS = {
    "thanks": r"(many\s+)?(thanks?|thank\s+you|thx|ty|cheers)(\s+(so|very)\s+much|\s+a\s+lot|\s+again)?",
    "goodbye": r"(good\s*)?bye|see\s+you(\s+later)?|that'?s\s+all(\s+for\s+now)?|have\s+a\s+(nice|good)\s+(day|one)",
    "greeting": r"(hi|hello|hey|hiya|howdy|greetings|good\s+(morning|afternoon|evening)|yo)(\s+there)?"
                r"|how\s+are\s+you(\s+doing)?|what\s+(can|do)\s+you\s+do|who\s+are\s+you|what\s+are\s+you|help"
                r"|(can|could)\s+you\s+help(\s+me)?(\s+please)?|how\s+(can|could|do)\s+you\s+help(\s+me)?"
                r"|what\s+(can|could|should)\s+i\s+ask(\s+you)?(\s+about)?",
    # A bare acknowledgement closes a turn; it is neither a question nor a follow-up.
    "acknowledgement": r"(ok|okay|alright|all\s+right|got\s+it|understood|makes\s+sense|sounds\s+good|i\s+see|noted"
                       r"|great|perfect|nice|cool|good|fine|sure)",
}
_FILLER = r"(\s*(,|!|\.|\?|:\)|:-\)|🙂|👍)\s*|\s+(ok|okay|great|perfect|nice|cool|so\s+much))*"
_PATTERNS = {kind: re.compile(rf"^\s*((ok|okay|great|perfect|nice|cool|got\s+it)[,!.]?\s+)?({body}){_FILLER}\s*$", re.IGNORECASE)
             for kind, body in _KINDS.items()}


def small_talk_kind(message: str) -> str | None:
    """Return "greeting", "thanks", "goodbye" or "acknowledgement" when the whole message is small talk, else None."""
    for kind, pattern in _PATTERNS.items():
        if pattern.match(message):
            return kind
    return None


# A request to make something ("translate ...", "write me a poem") rather than to find it: the
# assistant answers from documents and cannot do it, whatever the passages happen to mention.
_TASK = re.compile(
    r"^\s*(please\s+)?((can|could|would|will)\s+you\s+(please\s+)?)?"
    r"(translate\b|(write|compose|create|generate|make|draw|sing|tell)\s+(me\s+|us\s+)?(a|an|some|another)?\s*"
    r"(short\s+|funny\s+|little\s+)?(poem|story|song|joke|essay|limerick|haiku|rap|riddle|picture|image|drawing|code|"
    r"script|program)s?\b)",
    re.IGNORECASE,
)


def asks_for_a_task(message: str) -> bool:
    """Return whether a message asks the assistant to make something (translate, write a poem) rather than to answer."""
    return bool(_TASK.match(message))
