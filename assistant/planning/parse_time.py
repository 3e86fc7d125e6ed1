"""Answers about time: support hours, response and resolution targets, and the timeline."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from assistant.planning.parse_common import ParseError, clauses, number, quote, require_text, says_none
from assistant.planning.vocabulary import relative_years, words_to_numbers

_ROUND_THE_CLOCK = re.compile(
    r"24\s*[/x×-]\s*7|\b24\s+7\b|round[- ]the[- ]clock|around[- ]the[- ]clock|24\s+hours\s+a\s+day,?\s+(7|seven)\s+days",
    re.IGNORECASE,
)
_GRID = re.compile(r"\b(\d{1,2})\s*[x×/]\s*([5-7])\b")
_WINDOW = re.compile(
    r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*(?:-|–|to|until)\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", re.IGNORECASE
)
_BUSINESS = re.compile(r"business\s+hours|office\s+hours|working\s+hours|normal\s+hours|during\s+the\s+day", re.I)
_EXTENDED = re.compile(r"extended\s+hours", re.IGNORECASE)
_CRITICAL = re.compile(
    r"critical|\bp1\b|priority\s*1|urgent|emergenc|major\s+incident|outage|sev(erity)?\s*1|only\s+for", re.IGNORECASE
)
_DAYS = (
    (re.compile(r"mon(day)?\s*(-|–|to|through)\s*sun(day)?|7\s+days|seven\s+days|every\s+day|weekends?", re.I), 7),
    (re.compile(r"mon(day)?\s*(-|–|to|through)\s*sat(urday)?|6\s+days|six\s+days", re.I), 6),
    (re.compile(r"mon(day)?\s*(-|–|to|through)\s*fri(day)?|weekdays|working\s+days|5\s+days|five\s+days", re.I), 5),
)


@dataclass(frozen=True)
class SupportHours:
    """When the service must be available; `critical_24x7` is round-the-clock cover for critical issues only."""

    label: str
    hours_per_day: int | None = None
    days_per_week: int | None = None
    critical_24x7: bool = False

    @property
    def round_the_clock(self) -> bool:
        """Return whether everything must be covered 24/7."""
        return self.hours_per_day == 24 and self.days_per_week == 7

    def summary(self) -> str:
        """Return the hours in words."""
        return self.label


def _days(text: str) -> int | None:
    return next((days for pattern, days in _DAYS if pattern.search(text)), None)


def _window(match: re.Match) -> tuple[str, int]:
    start_h, start_m, start_ampm, end_h, end_m, end_ampm = match.groups()
    start, end = int(start_h), int(end_h)
    if start_ampm and start_ampm.lower() == "pm" and start < 12:
        start += 12
    if end_ampm and end_ampm.lower() == "pm" and end < 12:
        end += 12
    if not end_ampm and end <= start:
        end += 12  # "9-5" is 9:00 to 17:00
    start_min, end_min = int(start_m or 0), int(end_m or 0)
    length = round(((end * 60 + end_min) - (start * 60 + start_min)) / 60)
    return f"{start:02d}:{start_min:02d}-{end:02d}:{end_min:02d}", length


def _base_hours(text: str) -> SupportHours | None:
    days = _days(text)
    for hours, grid_days in ((int(h), int(d)) for h, d in _GRID.findall(text)):
        if (hours, grid_days) != (24, 7) and 1 <= hours <= 24:
            return SupportHours(f"{hours}x{grid_days}", hours, grid_days)
    window = _WINDOW.search(text)
    if window:
        label, length = _window(window)
        if 0 < length <= 24:
            day_words = {5: ", Monday to Friday", 6: ", Monday to Saturday", 7: ", every day"}.get(days, "")
            return SupportHours(label + day_words, length, days)
    if _BUSINESS.search(text):
        return SupportHours("business hours", None, days or 5)
    if _EXTENDED.search(text):
        return SupportHours("extended hours", None, days)
    return None


def parse_support_hours(text: str) -> SupportHours:
    """Read support hours: "24/7", "8x5", "business hours", "Mon-Fri 8:00-18:00", or 24/7 for critical issues only."""
    text = words_to_numbers(require_text(text))
    around = _ROUND_THE_CLOCK.search(text)
    base = _base_hours(_ROUND_THE_CLOCK.sub(" ", text))
    if around and _CRITICAL.search(text):
        if base:
            return SupportHours(f"{base.label}, with 24/7 cover for critical issues", base.hours_per_day,
                                base.days_per_week, critical_24x7=True)
        return SupportHours("24/7 cover for critical issues (other hours not stated)", critical_24x7=True)
    if around:
        return SupportHours("24/7", 24, 7)
    if base:
        return base
    raise ParseError(
        f"I could not read support hours from {quote(text)}. Say for example \"24/7\", \"8x5\", \"business hours\", "
        "\"Mon-Fri 8:00-18:00\" or \"24/7 for critical incidents, otherwise business hours\"."
    )


_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8,
                 "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45}
DURATION = re.compile(
    r"\b(half\s+an?\s+hour|\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|eight|ten|twelve|fifteen|twenty|thirty|"
    r"forty-five)\s*-?\s*(minutes?|mins?|m\b|hours?|hrs?|h\b|business\s+days?|working\s+days?|days?|d\b)?",
    re.IGNORECASE,
)
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 24 * 60, "b": 24 * 60, "w": 24 * 60}
_RESPONSE = re.compile(r"respon|react|acknowledg|answer|pick(ed)?\s+up|repl(y|ies)|first\s+contact", re.IGNORECASE)
_RESOLUTION = re.compile(r"resol|\bfix|restor|solv|\bclose|recover|workaround", re.IGNORECASE)
_AVAILABILITY = re.compile(r"(\d{2}(?:[.,]\d+)?)\s*%", re.IGNORECASE)


@dataclass(frozen=True)
class ServiceLevels:
    """Targets for critical issues, in minutes, and availability in percent; None where not stated."""

    response_minutes: int | None = None
    resolution_minutes: int | None = None
    availability_percent: float | None = None

    def summary(self) -> str:
        """Return the targets in words."""
        parts = []
        if self.response_minutes is not None:
            parts.append(f"respond within {duration_text(self.response_minutes)}")
        if self.resolution_minutes is not None:
            parts.append(f"resolve within {duration_text(self.resolution_minutes)}")
        if self.availability_percent is not None:
            parts.append(f"{self.availability_percent:g}% availability")
        return ", ".join(parts) or "no targets stated"


def duration_text(minutes: int) -> str:
    """Return 90 as "1.5 hours" and 15 as "15 minutes"."""
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes / 60
    return f"{hours:g} hour{'s' if hours != 1 else ''}"


def _durations(clause: str) -> list[tuple[int, int]]:
    """Return (position, minutes) of each duration with a unit in a clause."""
    found = []
    for match in DURATION.finditer(clause):
        amount, unit = match.group(1).lower(), match.group(2)
        if amount.startswith("half"):
            found.append((match.start(), 30))
            continue
        if not unit:
            continue
        value = _WORD_NUMBERS[amount] if amount in _WORD_NUMBERS else number(amount)
        found.append((match.start(), round(value * _UNIT_MINUTES[unit.lower()[0]])))
    return found


def parse_service_levels(text: str) -> ServiceLevels:
    """Read response and resolution targets and availability; a duration without "respond" or "resolve" is asked again."""
    text = words_to_numbers(require_text(text))
    targets: dict[str, list[int]] = {"response": [], "resolution": []}
    availability = None
    for clause in clauses(text):
        percent = _AVAILABILITY.search(clause)
        if percent and (re.search(r"uptime|availab|\bsla\b", clause, re.I) or number(percent.group(1)) >= 99):
            availability = number(percent.group(1))
            clause = clause[: percent.start()] + clause[percent.end():]
        durations = _durations(clause)
        if not durations:
            continue
        keywords = sorted([(m.start(), "response") for m in _RESPONSE.finditer(clause)]
                          + [(m.start(), "resolution") for m in _RESOLUTION.finditer(clause)])
        if len(keywords) != len(durations):
            raise ParseError(
                f"In {quote(clause)} I cannot tell whether the time is a response or a resolution target. "
                "Say for example \"respond within 15 minutes, resolve within 4 hours\"."
            )
        for (_, kind), (_, minutes) in zip(keywords, durations):
            targets[kind].append(minutes)
    for kind, values in targets.items():
        if len(set(values)) > 1:
            listed = ", ".join(duration_text(v) for v in values)
            raise ParseError(f"I read more than one {kind} target ({listed}); give the one for critical issues.")
    if availability is not None and not 90 <= availability <= 100:
        raise ParseError(f"{availability:g}% is not an availability target; use a figure such as 99.9%.")
    levels = ServiceLevels(
        response_minutes=next(iter(targets["response"]), None),
        resolution_minutes=next(iter(targets["resolution"]), None),
        availability_percent=availability,
    )
    if levels != ServiceLevels() or says_none(text):
        return levels
    raise ParseError(
        f"I could not read a target from {quote(text)}. Say for example \"respond within 15 minutes, resolve within "
        "4 hours, 99.9% availability\", or skip the question if you have no targets yet."
    )


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"((?:19|20)\d{2})"
_LEAD = r"(by|before|until|no\s+later\s+than|in|from|after|starting|start(?:ing)?\s+in|early|mid|late|end\s+of|" \
        r"beginning\s+of|start\s+of|during)"
_DEADLINE = re.compile(r"\b(by|before|until|no\s+later\s+than|deadline)\b[^.,;]*$", re.IGNORECASE)
_QUANTITY = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "a couple of": 2,
             "couple of": 2}
_DEADLINE_WORD = re.compile(r"^(by|before|until|no\s+later\s+than)$", re.IGNORECASE)


@dataclass(frozen=True)
class Timeline:
    """Dates and durations from the answer, as milestones in words, and what they leave open."""

    milestones: tuple[str, ...]
    open_points: tuple[str, ...] = ()

    def summary(self) -> str:
        """Return the milestones in words."""
        return "; ".join(self.milestones)


def _month_name(token: str) -> str:
    return next(m for m in _MONTHS if m.lower().startswith(token.lower().rstrip(".")[:3]))


def _with_lead(text: str, start: int, phrase: str, lead: str = "") -> str:
    # A preceding "by"/"before" makes the phrase a deadline rather than a start date.
    deadline = _DEADLINE_WORD.match(lead.strip()) or _DEADLINE.search(text[max(0, start - 25): start])
    return f"by {phrase}" if deadline else phrase


_QUALIFIERS = ("early", "mid", "late", "end of", "beginning of", "start of")


def _qualifier(lead: str) -> str:
    lead = " ".join(lead.lower().split())
    return lead if lead in _QUALIFIERS else ""


def _relative_year_pattern() -> str:
    return "|".join(f"(?:{p})" for p in relative_years())


def _relative_year(phrase: str, today: date) -> int:
    for pattern, delta in relative_years().items():
        if re.fullmatch(pattern, phrase.strip(), re.IGNORECASE):
            return today.year + delta
    raise ValueError(phrase)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


class _Dating:
    """Resolve years against the draft's date and note what the reader should check."""

    def __init__(self, today: date):
        self.today = today
        self.points: list[str] = []

    def year(self, explicit: str | None, relative: str | None, phrase: str, last_month: int) -> int:
        """Return the year of a period ending in `last_month`, noting an inferred year or a past date."""
        if explicit:
            year = int(explicit) if len(explicit) == 4 else 2000 + int(explicit)
        elif relative:
            year = _relative_year(relative, self.today)
        else:
            year = self.today.year
            if _month_end(year, last_month) < self.today:
                year += 1
            self.points.append(f"The year of {phrase} is not stated; I read it as {phrase} {year} (the next one after "
                               f"the draft's date). Say so if you mean another year.")
            return year
        if _month_end(year, last_month) < self.today:
            self.points.append(f"{f'{phrase} {year}'.strip()} is before the draft's date ({self.today.day} "
                               f"{_MONTHS[self.today.month - 1]} {self.today.year}); check the date.")
        return year


def _timeline_rules(today: date):
    """Return (pattern, label function) pairs, most specific first; label functions see the draft's date."""
    dating = _Dating(today)
    relative_year = _relative_year_pattern()

    def asap(m, text):
        return "as soon as possible", None

    def relative(m, text):
        amount = " ".join(m.group(2).lower().split())
        count = int(amount) if amount.isdigit() else _QUANTITY.get(amount)
        unit = m.group(3).lower()
        if count is None:
            return None, f"{quote(m.group(0))} does not say how many {unit}s."
        lead = m.group(1).lower()
        lead = "within" if lead.startswith("within") or lead.startswith("over") else ("after" if lead == "after" else "in")
        label = f"{lead} {count} {unit}{'s' if count != 1 else ''}"
        months = {"month": 1, "quarter": 3, "year": 12}.get(unit)
        if months:
            target = _add_months(today, count * months)
            label += f" (around {_MONTHS[target.month - 1]} {target.year})"
        return label, None

    def next_unit(m, text):
        unit = m.group(1).lower()
        if unit == "year":
            return f"next year ({today.year + 1})", None
        if unit == "month":
            target = _add_months(today, 1)
            return f"next month ({_MONTHS[target.month - 1]} {target.year})", None
        if unit == "quarter":
            quarter = (today.month - 1) // 3 + 1
            q, year = (1, today.year + 1) if quarter == 4 else (quarter + 1, today.year)
            return f"next quarter (Q{q} {year})", None
        return f"next {unit}", None

    def quarter(m, text):
        q = m.group(1) or {"first": "1", "second": "2", "third": "3", "fourth": "4"}[m.group(2).lower()]
        year = dating.year(m.group(3) or m.group(5), m.group(4), f"Q{q}", int(q) * 3)
        return _with_lead(text, m.start(), f"Q{q} {year}"), None

    def half(m, text):
        year = dating.year(m.group(2), m.group(3), f"H{m.group(1)}", int(m.group(1)) * 6)
        return _with_lead(text, m.start(), f"H{m.group(1)} {year}"), None

    def iso_date(m, text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and date(year, month, 1) <= _month_end(year, month) < today:
            dating.points.append(f"{m.group(0)} is before the draft's date ({today.isoformat()}); check the date.")
        return _with_lead(text, m.start(), m.group(0)), None

    def day_month(m, text):
        day, month = int(m.group(1)), _month_name(m.group(2))
        year = dating.year(m.group(3), m.group(4), f"{day} {month}", _MONTHS.index(month) + 1)
        return _with_lead(text, m.start(), f"{day} {month} {year}"), None

    def month_year(m, text):
        lead, month = m.group(1) or "", _month_name(m.group(2))
        if not (m.group(3) or m.group(4)) and not lead:
            return "", None  # a bare "may" or "march" is a verb as often as a month
        phrase = f"{_qualifier(lead)} {month}".strip()
        year = dating.year(m.group(3), m.group(4), phrase, _MONTHS.index(month) + 1)
        return _with_lead(text, m.start(), f"{phrase} {year}", lead), None

    def year(m, text):
        lead = m.group(1)
        dating.year(m.group(2), None, "", 12)
        return _with_lead(text, m.start(), f"{_qualifier(lead)} {m.group(2)}".strip(), lead), None

    def relative_year_only(m, text):
        lead = m.group(1) or ""
        year = _relative_year(m.group(2), today)
        return _with_lead(text, m.start(), f"{_qualifier(lead)} {year}".strip(), lead), None

    def end_of(m, text):
        unit = m.group(2).lower()
        label = _with_lead(text, m.start(), f"end of the {unit}")
        return label, f"Which {unit} \"end of the {unit}\" means is not stated."

    flags = re.IGNORECASE
    year_after = rf"(?:\s*(?:of\s+|in\s+)?(?:((?:19|20)\d{{2}})\b|({relative_year})\b))"
    rules = [
        (re.compile(r"\b(asap|as\s+soon\s+as\s+possible|immediately|right\s+away|urgently)\b", flags), asap),
        (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b", flags), iso_date),
        (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?{year_after}?", flags), day_month),
        (re.compile(r"(?:\bq([1-4])\b|\b(first|second|third|fourth)\s+quarter\b)"
                    rf"(?:{year_after}|\s*[/'’]\s*(\d{{2}})\b)?", flags), quarter),
        (re.compile(rf"\bh([12])\b{year_after}?", flags), half),
        (re.compile(rf"(?:\b{_LEAD}\s+(?:the\s+)?)?\b{_MONTH}\b{year_after}?", flags), month_year),
        (re.compile(rf"\b{_LEAD}\s+{_YEAR}\b", flags), year),
        (re.compile(rf"(?:\b{_LEAD}\s+)?\b({relative_year})\b", flags), relative_year_only),
        (re.compile(r"\b(in|within|over\s+the\s+next|after)\s+(\d+|a\s+few|a\s+couple\s+of|couple\s+of|few|a|an|one|two|"
                    r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)\s+(day|week|month|quarter|year)s?\b",
                    flags), relative),
        (re.compile(r"\bnext\s+(week|month|quarter|year)\b", flags), next_unit),
        (re.compile(r"\b(the\s+)?end\s+of\s+(?:the\s+|this\s+)?(year|quarter|month)\b", flags), end_of),
    ]
    return rules, dating


def parse_timeline(text: str, today: date | None = None) -> Timeline:
    """Read dates and durations such as "in 3 months", "Q2 next year" or "ASAP", resolved against the draft's date.

    A year that is not stated is read as the next one and said so; a date before the draft's date is flagged.
    """
    text = words_to_numbers(require_text(text))
    rules, dating = _timeline_rules(today or date.today())
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    open_points: list[str] = []
    for pattern, label_of in rules:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            label, problem = label_of(match, text)
            if problem and not label:
                raise ParseError(f"{problem} Say for example \"in 3 months\" or \"by Q2 2027\".")
            if not label:
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), label))
            if problem:
                open_points.append(problem)
    if not found:
        raise ParseError(
            f"I could not find a date or duration in {quote(text)}. Say for example \"in 3 months\", \"by Q2 2027\", "
            "\"March 2027\" or \"as soon as possible\"."
        )
    return Timeline(tuple(label for _, label in sorted(found)), tuple(dict.fromkeys(open_points + dating.points)))
