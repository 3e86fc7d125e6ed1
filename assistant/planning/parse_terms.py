"""Parsers that recognise named things in an answer: services, goals, compliance, places, zones, languages."""

import re
from dataclasses import dataclass

from assistant.planning import vocabulary as vocab
from assistant.planning.parse_common import (
    OPTIONAL,
    ParseError,
    clauses,
    is_mandatory,
    number,
    quote,
    require_text,
    says_none,
)
from assistant.vendors import SERVICE_LABELS, DeliveryModel, ServiceType


@dataclass(frozen=True)
class Text:
    """A free-text answer kept as written."""

    text: str

    def summary(self) -> str:
        """Return the answer in one line."""
        return self.text


@dataclass(frozen=True)
class Services:
    """The IT functions to outsource: the guide's five types and/or another function in the user's words."""

    types: tuple[ServiceType, ...]
    other: str | None = None
    excluded: tuple[ServiceType, ...] = ()  # named but kept out of scope ("we'll tender the helpdesk separately")
    excluded_because: tuple[str, ...] = ()  # the clauses that keep them out, as written

    def summary(self) -> str:
        """Return the functions in words, and those named but kept out of scope."""
        parts = [SERVICE_LABELS[t] for t in self.types]
        if self.other:
            parts.append(f"other: {self.other}")
        text = ", ".join(parts)
        if self.excluded:
            said = "; ".join(f"“{c}”" for c in self.excluded_because)
            text += f" (not in scope: {', '.join(SERVICE_LABELS[t] for t in self.excluded)}: {said})"
        return text


@dataclass(frozen=True)
class Goals:
    """The problem and goals, with the guide's benefits the answer mentions."""

    text: str
    benefits: tuple[str, ...]

    def summary(self) -> str:
        """Return the answer as written."""
        return self.text


@dataclass(frozen=True)
class Headcount:
    """How many users (and sites) the service covers."""

    users: int
    sites: int | None = None

    def summary(self) -> str:
        """Return the counts in words."""
        users = f"{self.users:,} user{'s' if self.users != 1 else ''}"
        return users + (f" at {self.sites} site{'s' if self.sites != 1 else ''}" if self.sites else "")


@dataclass(frozen=True)
class ComplianceItem:
    """A regulation or certification named in an answer, and whether the user made it a must."""

    name: str
    kind: str  # "certification" (a vendor can hold it) or "regulation" (it applies to the client)
    mandatory: bool


@dataclass(frozen=True)
class Compliance:
    """Regulations and certifications found in an answer, plus the answer itself."""

    items: tuple[ComplianceItem, ...]
    text: str = ""
    ruled_out: tuple[str, ...] = ()  # named as not needed ("no need for SOC 2")

    def summary(self) -> str:
        """Return the named items with their status, or the answer when none is named."""
        if not self.items and not self.ruled_out:
            return self.text or "none"
        parts = [i.name if i.kind == "regulation" else f"{i.name} ({'mandatory' if i.mandatory else 'preferred'})"
                 for i in self.items]
        return ", ".join(parts + [f"{name} (not required)" for name in self.ruled_out])

    def merged_with(self, other: "Compliance") -> "Compliance":
        """Return these items plus another answer part's, the other part deciding where both name an item."""
        names = {i.name for i in other.items} | set(other.ruled_out)
        items = tuple(i for i in self.items if i.name not in names) + other.items
        return Compliance(items, f"{self.text}, {other.text}".strip(", "), self.ruled_out + other.ruled_out)


@dataclass(frozen=True)
class Residency:
    """Where data may be kept: any of `places`; empty means no requirement."""

    places: tuple[str, ...]
    required: bool
    excluded: tuple[str, ...] = ()  # ruled out ("not in the US")

    def summary(self) -> str:
        """Return the requirement in words."""
        if not self.places and not self.excluded:
            return "no data location requirement"
        where = " or ".join(self.places)
        text = (f"data must stay in {where}" if self.required else f"data preferably in {where}") if self.places else ""
        if self.excluded:
            text += ("; " if text else "") + f"not in {' or '.join(self.excluded)}"
        return text


@dataclass(frozen=True)
class Delivery:
    """Where the team works (onsite, remote, hybrid) and which delivery models are preferred."""

    work_location: str | None
    models: tuple[DeliveryModel, ...]
    excluded: tuple[DeliveryModel, ...] = ()  # ruled out ("no offshore for security"): a hard requirement
    excluded_because: str = ""  # the clause ruling them out, as written

    def summary(self) -> str:
        """Return the preferences in words, and the delivery models ruled out."""
        parts = [f"{self.work_location} work"] if self.work_location else []
        if self.models:
            parts.append(" or ".join(m.value for m in self.models) + " delivery")
        if self.excluded:
            parts.append(f"no {' or '.join(m.value for m in self.excluded)} delivery (“{self.excluded_because}”)")
        return ", ".join(parts) or "no preference"


@dataclass(frozen=True)
class TimeZones:
    """UTC offsets the provider's working hours should overlap."""

    offsets: tuple[float, ...]

    def summary(self) -> str:
        """Return the zones as UTC offsets."""
        return ", ".join(vocab.offset_label(o) for o in self.offsets) or "no preference"


@dataclass(frozen=True)
class Languages:
    """Languages the team must speak."""

    names: tuple[str, ...]

    def summary(self) -> str:
        """Return the languages in words."""
        return ", ".join(self.names) or "no preference"


@dataclass(frozen=True)
class Pricing:
    """Preferred pricing models."""

    models: tuple[str, ...]

    def summary(self) -> str:
        """Return the models in words."""
        return " or ".join(self.models) or "no preference"


def parse_text(text: str) -> Text:
    """Accept any non-empty answer."""
    return Text(require_text(text))


def find_services(text: str) -> tuple[ServiceType, ...]:
    """Return the service types a text names, in the order of the guide."""
    lower = text.lower()
    return tuple(t for t in ServiceType if re.search(vocab.SERVICE_PATTERNS[t], lower))


_SCOPE_CLAUSE = re.compile(r"[;,\n()]|\.(?!\d)|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)


def _scoped_services(text: str) -> tuple[list[ServiceType], list[ServiceType], list[str]]:
    """Return (in scope, kept out, the clauses keeping them out), in the order the answer names them."""
    wanted: list[tuple[int, ServiceType]] = []
    kept_out: list[tuple[int, ServiceType]] = []
    because: list[str] = []
    offset = 0
    for clause in _SCOPE_CLAUSE.split(text):
        out_clause = vocab.says_out_of_scope(clause)
        for service in ServiceType:
            match = re.search(vocab.SERVICE_PATTERNS[service], clause, re.IGNORECASE)
            if not match:
                continue
            if out_clause or vocab.is_negated(clause, match.start(), match.end()):
                kept_out.append((offset + match.start(), service))
                because.append(clause.strip())
            else:
                wanted.append((offset + match.start(), service))
        offset += len(clause) + 1
    chosen = list(dict.fromkeys(s for _, s in sorted(wanted)))
    # Named as wanted anywhere wins: "helpdesk, but password resets stay in-house" still outsources the helpdesk.
    out = [s for s in dict.fromkeys(s for _, s in sorted(kept_out)) if s not in chosen]
    return chosen, out, list(dict.fromkeys(because)) if out else []


def parse_services(text: str) -> Services:
    """Read which of the five types (or another function) the user wants to outsource, and which stay out."""
    text = require_text(text)
    chosen, out, because = _scoped_services(text)
    types = tuple(t for t in ServiceType if t in chosen)
    other = re.search(r"\bother\b\s*[:\-–]?\s*(.+)", text, re.IGNORECASE)
    other_text = other.group(1).strip(" .") if other else None
    if not types and not other_text and out:
        raise ParseError(
            f"{quote(text)} keeps {', '.join(SERVICE_LABELS[t] for t in out)} out of scope, so no function is left to "
            "outsource. Which function should the provider take over?"
        )
    if not types and not other_text:
        raise ParseError(
            f"I could not tell which IT function {quote(text)} refers to. Name one or more of the guide's five types "
            "(IT infrastructure, software development, IT support, cybersecurity, cloud) or describe another one "
            "as \"other: ...\"."
        )
    return Services(types, other_text, tuple(out), tuple(because))


BENEFITS = {
    "Cost Savings": r"\bcosts?\b|\bcostly\b|\bsav(e|es|ing|ings)\b|cheap|expens|budget|afford|\bspend",
    "Access to Specialists": r"speciali[sz]|expert|skill|talent|\bhir(e|es|ing)\b|recruit|know-?how|shortage|can'?t\s+find",
    "Increased Efficiency": r"efficien|productiv|faster|quicker|\bslow\b|backlog|turnaround|quality|wait(ing)?|focus",
    "Improved Flexibility": r"flexib|\bscal(e|es|ing|able)\b|peaks?\b|seasonal|short[- ]term|\bgrow",
    "Risk Reduction": r"\brisks?\b|outages?|downtime|continuity|resilien|reliab|single\s+point|key[- ]person|"
                      r"attacks?|breach|complian",
}


def parse_goals(text: str) -> Goals:
    """Keep the problem and goals as written and note which of the guide's benefits they mention."""
    text = require_text(text)
    lower = text.lower()
    return Goals(text, tuple(name for name, pattern in BENEFITS.items() if re.search(pattern, lower)))


_COUNT = r"(\d[\d,.]*)\s*(k\b)?\s*"
_USERS = r"(?:[a-z-]+\s+)?(users?|employees?|staff|people|seats?|colleagues|persons?|workers|members|agents|end[- ]users)\b"
_SITES = r"(?:[a-z-]+\s+)?(sites?|offices?|locations?|branch(es)?|stores?|shops?|clinics?|hospitals?|plants?|"\
         r"factories|warehouses?|campus(es)?)\b"


def _count(raw: str, thousands: str | None) -> int:
    return round(number(raw) * (1000 if thousands else 1))


def parse_users(text: str) -> Headcount:
    """Read the number of users, and of sites if given; an unlabelled single number counts users."""
    text = vocab.words_to_numbers(require_text(text))
    lower = text.lower()
    users = re.search(_COUNT + _USERS, lower)
    sites = re.search(_COUNT + _SITES, lower)
    if users:
        return Headcount(_count(users.group(1), users.group(2)), _count(sites.group(1), sites.group(2)) if sites else None)
    rest = lower[: sites.start()] + lower[sites.end():] if sites else lower
    numbers = re.findall(_COUNT, rest)
    if len(numbers) == 1:
        return Headcount(_count(*numbers[0]), _count(sites.group(1), sites.group(2)) if sites else None)
    if numbers:
        raise ParseError(
            f"I found several numbers in {quote(text)} and cannot tell which one is the number of users. "
            "Say for example \"250 users at 3 sites\"."
        )
    raise ParseError(
        f"I could not find a number of users in {quote(text)}. Give a number; an estimate such as "
        "\"about 300 users\" is fine."
    )


def _compliance_items(text: str, catalogue: dict[str, str], kind: str) -> list[tuple[int, ComplianceItem | str]]:
    """Return (position, item) for each named item; an item ruled out ("no need for SOC 2") comes as its name."""
    found = []
    for clause in clauses(text):
        for name, pattern in catalogue.items():
            match = re.search(pattern, clause, re.IGNORECASE)
            if match:
                where = text.find(clause) + match.start()
                if vocab.is_negated(clause, match.start(), match.end()):
                    found.append((where, name))
                else:
                    found.append((where, ComplianceItem(name, kind, is_mandatory(clause))))
    return found


def _ruled_out(text: str) -> tuple[str, ...]:
    named = _compliance_items(text, vocab.CERTIFICATIONS, "certification")
    named += _compliance_items(text, vocab.REGULATIONS, "regulation")
    wanted = {i.name for _, i in named if isinstance(i, ComplianceItem)}
    return tuple(dict.fromkeys(i for _, i in sorted(named, key=lambda p: p[0]) if isinstance(i, str) and i not in wanted))


def find_compliance(text: str) -> tuple[ComplianceItem, ...]:
    """Return the certifications and regulations named, each marked mandatory if its clause says "must"."""
    items = _compliance_items(text, vocab.CERTIFICATIONS, "certification")
    items += _compliance_items(text, vocab.REGULATIONS, "regulation")
    unique: dict[str, ComplianceItem] = {}
    for _, item in sorted((p for p in items if isinstance(p[1], ComplianceItem)), key=lambda pair: pair[0]):
        # Named twice, once as a must: the must wins.
        if item.name not in unique or item.mandatory:
            unique[item.name] = item
    return tuple(unique.values())


def parse_security(text: str) -> Compliance:
    """Keep the security requirements as written and pick out certifications and which are mandatory."""
    text = require_text(text)
    return Compliance(find_compliance(text), text, _ruled_out(text))


def parse_regulations(text: str) -> Compliance:
    """Read the regulations and standards that apply; "none" is a valid answer, an unknown name is not."""
    text = require_text(text)
    items = find_compliance(text)
    if items or says_none(text):
        return Compliance(items, text, _ruled_out(text))
    raise ParseError(
        f"I did not recognise a regulation or standard in {quote(text)}. Name them (for example GDPR, HIPAA, "
        "PCI DSS, SOX, ISO 27001, SOC 2) or answer \"none\"."
    )


def parse_residency(text: str) -> Residency:
    """Read where data must be kept; a stated place is a requirement unless the answer says it is a preference."""
    text = require_text(text)
    found = vocab.find_places(text, with_positions=True)
    places = [name for start, end, name in found if not vocab.is_negated(text, start, end)]
    excluded = tuple(dict.fromkeys(name for start, end, name in found if name not in places))
    if places or excluded:
        return Residency(tuple(dict.fromkeys(places)), required=bool(places) and not OPTIONAL.search(text),
                         excluded=excluded)
    if says_none(text):
        return Residency((), required=False)
    raise ParseError(
        f"I could not find a data location in {quote(text)}. Name regions or countries (for example \"EU only\", "
        "\"US or Canada\", \"our own data centre\") or answer \"no requirement\"."
    )


_WORK = {
    "onsite": r"on[- ]?site|at\s+our\s+(office|premises|site|location)s?|in[- ]person|on\s+our\s+premises",
    "remote": r"\bremote(ly)?\b|off[- ]?site|from\s+(their|its)\s+(office|location)s?",
    "hybrid": r"\bhybrid\b|\bmix(ed|ture)?\b|\bpartly\b|\bboth\b",
}
MODEL_PATTERNS = _MODELS = {
    DeliveryModel.onshore: r"on[- ]?shore|same\s+country|\blocal(ly)?\b(?!\s+time)|domestic|in[- ]country",
    DeliveryModel.nearshore: r"near[- ]?shore|neighbou?ring\s+countr|nearby\s+countr",
    DeliveryModel.offshore: r"off[- ]?shore|overseas",
}


def _clause_at(text: str, position: int) -> str:
    """Return the clause of a text that holds a position, as written."""
    start = max(text.rfind(c, 0, position) for c in ";,.(\n") + 1
    ends = [i for i in (text.find(c, position) for c in ";,.)\n") if i != -1]
    return text[start: min(ends) if ends else len(text)].strip()


def parse_delivery(text: str) -> Delivery:
    """Read onsite/remote/hybrid work and onshore/nearshore/offshore preferences."""
    text = require_text(text)
    lower = text.lower()
    work = [name for name, pattern in _WORK.items()
            if (m := re.search(pattern, lower)) and not vocab.is_negated(lower, m.start(), m.end())]
    location = "hybrid" if "hybrid" in work or {"onsite", "remote"} <= set(work) else (work[0] if work else None)
    wanted, ruled_out, because = [], [], []
    for model, pattern in _MODELS.items():
        for match in re.finditer(pattern, lower):
            if vocab.is_negated(lower, match.start(), match.end()):
                ruled_out.append((match.start(), model))
                because.append(_clause_at(text, match.start()))
            else:
                wanted.append((match.start(), model))
    models = tuple(dict.fromkeys(m for _, m in sorted(wanted)))
    excluded = tuple(m for m in dict.fromkeys(m for _, m in sorted(ruled_out)) if m not in models)
    if location or models or excluded or says_none(text):
        return Delivery(location, models, excluded, "; ".join(dict.fromkeys(because)) if excluded else "")
    raise ParseError(
        f"I could not read a delivery preference from {quote(text)}. Say onsite, remote or hybrid, and/or onshore, "
        "nearshore or offshore, or answer \"no preference\"."
    )


def parse_timezones(text: str) -> TimeZones:
    """Read time zones as UTC offsets, or names and cities with a single zone; "no preference" is valid."""
    text = require_text(text)
    found: list[tuple[int, float]] = []
    rest = text
    for match in vocab.UTC_OFFSET.finditer(text):
        found.append((match.start(), vocab.parse_offset(match.group(0))))
        # Blank it out so the "UTC" inside "UTC+1" is not read again as UTC+0.
        rest = rest[: match.start()] + " " * len(match.group(0)) + rest[match.end():]
    for pattern, offset in vocab.ZONE_OFFSETS.items():
        match = re.search(pattern, rest, re.IGNORECASE)
        if match:
            found.append((match.start(), offset))
    offsets = tuple(dict.fromkeys(o for _, o in sorted(found)))
    if offsets or says_none(text):
        return TimeZones(offsets)
    raise ParseError(
        f"I could not read a time zone from {quote(text)}. Use a zone such as CET, EST or UTC+5:30, or a city "
        "such as Berlin or New York (a country with several zones, like the US, needs a city or zone), "
        "or answer \"no preference\"."
    )


def parse_languages(text: str) -> Languages:
    """Read the languages the team must speak."""
    text = require_text(text)
    found = []
    for name in vocab.LANGUAGES:
        match = re.search(rf"\b{name}\b", text, re.IGNORECASE)
        if match:
            found.append((match.start(), name))
    if found or says_none(text):
        return Languages(tuple(name for _, name in sorted(found)))
    raise ParseError(
        f"I did not recognise a language in {quote(text)}. Name the languages (for example \"English and German\") "
        "or answer \"no preference\"."
    )


PRICING_MODELS = {
    "fixed price": r"fixed[- ]?(price|fee|bid|cost)|lump[- ]sum",
    "time and materials": r"time\s*(and|&)\s*materials?|\bt\s*&\s*m\b|hourly|per\s+hour|day\s+rates?|daily\s+rates?",
    "per user per month": r"per\s+(user|seat|employee|head)\b|/\s*user",
    "per device per month": r"per\s+(device|endpoint|asset)",
    "monthly retainer": r"retainer|monthly\s+fee|flat\s+(monthly\s+)?fee|subscription|managed\s+service\s+fee|"
                        r"fixed\s+monthly",
    "dedicated team": r"dedicated\s+team",
    "per ticket": r"per\s+(ticket|incident|call)",
    "outcome-based": r"outcome|results?[- ]based|performance[- ]based|pay\s+for\s+results",
}


def pricing_models_in(text: str) -> tuple[str, ...]:
    """Return the pricing models a text names (used for answers and for vendor profiles alike)."""
    lower = text.lower()
    return tuple(name for name, pattern in PRICING_MODELS.items() if re.search(pattern, lower))


def parse_pricing(text: str) -> Pricing:
    """Read the preferred pricing models."""
    text = require_text(text)
    models = pricing_models_in(text)
    if models or says_none(text) or re.search(r"\b(not\s+sure|open|unsure|undecided)\b", text, re.IGNORECASE):
        return Pricing(models)
    raise ParseError(
        f"I did not recognise a pricing model in {quote(text)}. Say for example fixed price, time and materials, "
        "per user per month, per device per month or monthly retainer, or answer \"no preference\"."
    )
