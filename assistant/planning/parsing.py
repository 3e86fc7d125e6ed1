"""The answer parsers by kind: each turns free text into a value or raises ParseError with a re-ask message.

A value has `summary()`, a one-line restatement shown back to the user; parsing is deterministic, so saved
drafts keep only the answer texts and parse them again when reopened.
"""

import inspect
from datetime import date
from typing import Callable, Protocol

from assistant.planning.parse_common import ParseError, says_none
from assistant.planning.parse_money import Budget, parse_budget
from assistant.planning.parse_terms import (
    Compliance,
    ComplianceItem,
    Delivery,
    Goals,
    Headcount,
    Languages,
    Pricing,
    Residency,
    Services,
    Text,
    TimeZones,
    find_services,
    parse_delivery,
    parse_goals,
    parse_languages,
    parse_pricing,
    parse_regulations,
    parse_residency,
    parse_security,
    parse_services,
    parse_text,
    parse_timezones,
    parse_users,
)
from assistant.planning.parse_time import (
    ServiceLevels,
    SupportHours,
    Timeline,
    parse_service_levels,
    parse_support_hours,
    parse_timeline,
)
from assistant.planning.scope import PerFunction, scoped


class Parsed(Protocol):
    """What every parser returns."""

    def summary(self) -> str:
        """Return the value restated in one line."""


PARSERS: dict[str, Callable[[str], Parsed]] = {
    "text": parse_text,
    "services": parse_services,
    "goals": parse_goals,
    "users": parse_users,
    # These four can differ per function ("helpdesk weekdays 7 to 7, monitoring 24/7").
    "hours": scoped(parse_support_hours),
    "service_levels": scoped(parse_service_levels),
    "security": scoped(parse_security),
    "regulations": parse_regulations,
    "residency": scoped(parse_residency),
    "delivery": parse_delivery,
    "timezones": parse_timezones,
    "languages": parse_languages,
    "budget": parse_budget,
    "pricing": parse_pricing,
    "timeline": parse_timeline,
}
# Kinds whose value feeds the shortlist or the risk proposals: at most one question of each kind.
STRUCTURED_KINDS = frozenset(PARSERS) - {"text", "goals"}


def parse_answer(kind: str, text: str, today: date | None = None) -> Parsed:
    """Parse an answer with the parser of `kind`; dates resolve against `today` (the draft's date)."""
    try:
        parser = PARSERS[kind]
    except KeyError:
        raise ValueError(f"unknown parser kind {kind!r}; known: {', '.join(sorted(PARSERS))}") from None
    if "today" in inspect.signature(parser).parameters:
        return parser(text, today=today)
    return parser(text)


__all__ = [
    "PARSERS", "STRUCTURED_KINDS", "ParseError", "Parsed", "parse_answer", "says_none", "find_services",
    "Budget", "Compliance", "PerFunction", "ComplianceItem", "Delivery", "Goals", "Headcount", "Languages", "Pricing", "Residency",
    "ServiceLevels", "Services", "SupportHours", "Text", "Timeline", "TimeZones",
]
