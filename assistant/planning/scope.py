"""Answers whose requirement differs per function: "helpdesk weekdays 7 to 7, monitoring 24/7"."""

import re
from dataclasses import dataclass
from typing import Any, Callable

from assistant.planning.parse_common import ParseError
from assistant.planning.vocabulary import function_terms, says_all_functions
from assistant.vendors import SERVICE_LABELS, ServiceType

_CLAUSE_BREAK = re.compile(r"[;,\n()]|\.(?!\d)|\bbut\b|\bwhile\b|\bwhereas\b|\botherwise\b", re.IGNORECASE)


@dataclass(frozen=True)
class PerFunction:
    """A value for some functions and, optionally, one for every other function (`default`)."""

    default: Any | None
    parts: tuple[tuple[ServiceType, Any], ...]

    def for_function(self, service: ServiceType) -> Any | None:
        """Return the value that applies to one function: its own merged over the default."""
        own = next((value for s, value in self.parts if s == service), None)
        if own is None:
            return self.default
        if self.default is not None and hasattr(self.default, "merged_with"):
            return self.default.merged_with(own)
        return own

    @property
    def functions(self) -> tuple[ServiceType, ...]:
        """Return the functions with a value of their own."""
        return tuple(s for s, _ in self.parts)

    def summary(self) -> str:
        """Return each function's value in words, then the rest."""
        parts = [f"{SERVICE_LABELS[s]}: {value.summary()}" for s, value in self.parts]
        if self.default is not None:
            merged = hasattr(self.default, "merged_with") or not parts
            parts.append(f"{'all functions' if merged else 'otherwise'}: {self.default.summary()}")
        return "; ".join(parts)

    def open_points(self) -> list[str]:
        """Return what each part leaves open."""
        points = []
        for value in [v for _, v in self.parts] + ([self.default] if self.default is not None else []):
            found = getattr(value, "open_points", ())
            points += list(found() if callable(found) else found)
        return list(dict.fromkeys(points))


def functions_named(clause: str) -> list[tuple[int, ServiceType]]:
    """Return (position, function) of each function a clause points at."""
    found = []
    for service, pattern in function_terms().items():
        match = re.search(pattern, clause, re.IGNORECASE)
        if match:
            found.append((match.start(), service))
    return sorted(found)


def _clauses(text: str) -> list[str]:
    pieces = [p.strip() for p in _CLAUSE_BREAK.split(text) if p and p.strip()]
    result = []
    for piece in pieces:
        # "helpdesk 8x5 and monitoring 24/7": an "and" between two functions separates two requirements.
        if len({s for _, s in functions_named(piece)}) > 1:
            result += [p.strip() for p in re.split(r"\band\b", piece, flags=re.IGNORECASE) if p.strip()]
        else:
            result.append(piece)
    return result


def segments(text: str) -> tuple[str, dict[ServiceType, str]]:
    """Split an answer into the text for every function and the text for each function it names.

    A clause without a function continues the one before it ("helpdesk weekdays, 7 to 7"); a clause saying
    "for all" or "otherwise" applies to every function.
    """
    general: list[str] = []
    own: dict[ServiceType, list[str]] = {}
    previous: list[ServiceType] = []
    for clause in _clauses(text):
        named = [s for _, s in functions_named(clause)]
        if says_all_functions(clause) and not (named and not re.search(r"\botherwise\b", clause, re.IGNORECASE)):
            general.append(clause)
            previous = []
            continue
        if not named and not previous:
            general.append(clause)
            continue
        targets = named or previous
        for service in targets:
            own.setdefault(service, []).append(clause)
        previous = targets
    return ", ".join(general), {s: ", ".join(parts) for s, parts in own.items()}


def scoped(parser: Callable[[str], Any]) -> Callable[[str], Any]:
    """Wrap a parser so an answer naming functions gives a PerFunction value, any other answer the plain value."""

    def parse(text: str):
        general, own = segments(text)
        if not own:
            return parser(text)
        parts = []
        for service, part in own.items():
            try:
                parts.append((service, parser(part)))
            except ParseError as exc:
                raise ParseError(f"For {SERVICE_LABELS[service]} (“{part}”): {exc}") from None
        default = None
        if general.strip():
            try:
                default = parser(general)
            except ParseError:
                # A general clause that says nothing this parser reads (a remark) stays in the answer text.
                default = None
        return PerFunction(default, tuple(parts))

    parse.__doc__ = parser.__doc__
    return parse
