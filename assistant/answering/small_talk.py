"""Recognise greetings, thanks and farewells: messages that need a friendly reply, not a search."""

import re

# The whole message must be small talk ("hi", "thanks a lot!", "morning! hope you're well"): each of
# its clauses one of these. A greeting before a question is a question.
_KINDS = {
    "thanks": r"(many\s+)?(thanks?|thank\s+you|thx|ty|cheers)(\s+(so|very)\s+much|\s+a\s+lot|\s+again)?"
              r"(\s+for\s+(the|your|all\s+the)\s+(help|answer|info|information))?"
              r"|(much\s+)?appreciated|(i\s+)?appreciate\s+(it|that|the\s+help)"
              r"|that('?s|\s+is|\s+was)\s+(really\s+|very\s+|super\s+)?(helpful|useful|great)",
    "goodbye": r"(good\s*)?bye(\s+for\s+now)?|see\s+you(\s+later|\s+soon)?|that'?s\s+all(\s+for\s+now)?"
               r"|(talk|speak|catch\s+you)(\s+to\s+you)?\s+(later|soon)"
               r"|have\s+a\s+(nice|good|great)\s+(day|one|weekend|evening)",
    "greeting": r"(hi|hello|hey|hiya|howdy|greetings|g'?day|(good\s+)?(morning|afternoon|evening)|yo)"
                r"(\s+(there|all|everyone|everybody|folks|team))?"
                r"|how\s+are\s+you(\s+doing)?(\s+today)?|what\s+(can|do)\s+you\s+do|who\s+are\s+you|what\s+are\s+you|help"
                r"|(can|could)\s+you\s+help(\s+me)?(\s+please)?|how\s+(can|could|do)\s+you\s+help(\s+me)?"
                r"|what\s+(can|could|should)\s+i\s+ask(\s+you)?(\s+about)?",
    # A bare acknowledgement closes a turn; it is neither a question nor a follow-up.
    "acknowledgement": r"(ok|okay|alright|all\s+right|got\s+it|understood|makes\s+sense|sounds\s+good|i\s+see|noted"
                       r"|great|perfect|nice|cool|good|fine|sure)",
}
# Pleasantries that go with any of them and set no kind of their own: "hope you're well".
_PLEASANTRY = (r"(i\s+)?hope\s+(you'?re|you\s+are|all\s+is|everything'?s|everything\s+is)\s+(well|good|fine|ok|okay)"
               r"|(i\s+)?hope\s+you('?re|\s+are)\s+(doing\s+)?(well|good|fine|having\s+a\s+(good|nice|great)\s+\w+)"
               r"|how('?s|\s+is)\s+(it\s+going|your\s+(day|week|morning)(\s+going)?|things|everything)|how\s+are\s+things"
               r"|(nice|good|great)\s+to\s+(meet|see|hear\s+from)\s+you|(i'?m|i\s+am)\s+(fine|good|well|great)")
_FILLER = r"(ok|okay|great|perfect|nice|cool|so\s+much)"
_EMOTICON = re.compile(r"[:;]-?[)D]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_LEAD = r"((ok|okay|great|perfect|nice|cool|got\s+it|oh|and|well)\s+)?"
_PATTERNS = {kind: re.compile(rf"^{_LEAD}({body})(\s+{_FILLER})*$", re.IGNORECASE) for kind, body in _KINDS.items()}
_PLEASANTRY_PATTERN = re.compile(rf"^{_LEAD}({_PLEASANTRY})(\s+{_FILLER})*$", re.IGNORECASE)
_CLAUSES = re.compile(r"[,!.?;:]+|\s+[-–—]\s+")
# When a message holds several ("hi, thanks!"), the reply answers the one that matters most.
_PRIORITY = ("thanks", "goodbye", "greeting", "acknowledgement")


def _clause_kind(clause: str) -> str | None:
    """Return the small-talk kind of one clause, "" for a pleasantry, or None if it is not small talk."""
    for kind, pattern in _PATTERNS.items():
        if pattern.match(clause):
            return kind
    return "" if _PLEASANTRY_PATTERN.match(clause) else None


def small_talk_kind(message: str) -> str | None:
    """Return "greeting", "thanks", "goodbye" or "acknowledgement" when the whole message is small talk, else None."""
    plain = _EMOTICON.sub(" ", message.replace("’", "'"))
    clauses = [c.strip() for c in _CLAUSES.split(plain) if c.strip()]
    kinds = [_clause_kind(c) for c in clauses]
    if not clauses or None in kinds:
        return None
    return next((kind for kind in _PRIORITY if kind in kinds), "greeting")


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
