"""Recognise chat messages that ask to start planning ("help me define my needs", "I want to outsource X")."""

import re
from dataclasses import dataclass

from assistant.planning.parse_terms import find_services
from assistant.vendors import ServiceType

_PLANNING = re.compile(
    r"\b(help\s+me\s+(to\s+)?(define|plan|write|scope|prepare)|define\s+(my|our|the)\s+(\w+\s+)?(needs|requirements)|"
    r"plan\s+(an?\s+|my\s+|our\s+|the\s+)?outsourc|outsourcing\s+plan|needs\s+statement|"
    r"(start|begin|prepare|create|write)\s+(an?\s+|my\s+|our\s+)?(outsourcing\s+)?(plan|needs\s+statement|rfp|brief)|"
    r"(i|we)\s*('d|\s+would|\s+want|\s+wanna|\s+need|\s+plan|\s+are\s+planning|'re\s+planning|\s+intend|"
    r"\s+am\s+planning|'m\s+planning|\s+have\s+decided|\s+decided|\s+are\s+going|'re\s+going|\s+am\s+going|"
    r"'m\s+going)\s+(like\s+)?(to\s+)?outsourc)",
    re.IGNORECASE,
)
# Questions about outsourcing in general ("should we outsource?", "what are the risks of outsourcing?")
# go to the answering chain, not to the interview.
_QUESTION_ONLY = re.compile(r"^\s*(what|why|is|are|does|do|should|can|could)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PlanningRequest:
    """Whether a message asks to start planning, and the service types it names; falsy when it does not."""

    matched: bool
    services: tuple[ServiceType, ...] = ()

    def __bool__(self) -> bool:
        return self.matched


def is_planning_request(text: str) -> PlanningRequest:
    """Return a truthy PlanningRequest (with the parsed service types) when the message asks to plan an outsourcing."""
    message = " ".join((text or "").split())
    if not message or not _PLANNING.search(message):
        return PlanningRequest(False)
    if _QUESTION_ONLY.match(message) and not re.search(r"\bhelp\s+me\b|\bcan\s+you\s+help\b", message, re.IGNORECASE):
        return PlanningRequest(False)
    return PlanningRequest(True, find_services(message))
