"""Budget answers: amounts with k/m suffixes, ranges, currencies, periods and per-user prices."""

import re
from dataclasses import dataclass

from assistant.planning.parse_common import ParseError, format_amount, number, quote, require_text
from assistant.planning.vocabulary import qualifier, words_to_numbers

_CODES = r"usd|eur|gbp|chf|cad|aud|nzd|inr|jpy|sek|nok|dkk|pln|czk|huf|ron|zar|brl|mxn|sgd|aed"
_SYMBOL_OR_CODE = rf"us\$|c\$|a\$|\$|€|£|₹|\b(?:{_CODES})\b"
_CURRENCY_WORD = rf"\b(?:{_CODES}|dollars?|euros?|pounds?|bucks|sterling)\b|€|\$|£"
AMOUNT = re.compile(
    rf"(?P<before>{_SYMBOL_OR_CODE})?\s*"
    r"(?P<num>\d{1,3}(?:[,.'\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"\s*(?P<suffix>k\b|m\b|mn\b|bn\b|million\b|thousand\b|grand\b)?"
    rf"\s*(?P<after>{_CURRENCY_WORD})?",
    re.IGNORECASE,
)
_CURRENCIES = {
    "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD", "€": "EUR", "euro": "EUR",
    "euros": "EUR", "£": "GBP", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "c$": "CAD", "a$": "AUD",
    "₹": "INR",
}
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9}
# A number followed by one of these counts something else (users, months, percent) and is not money.
_NOT_MONEY = re.compile(
    r"\s*(%|percent|users?|people|employees?|staff|seats?|devices?|endpoints?|sites?|offices?|locations?|"
    r"hours?|hrs?|h\b|days?|weeks?|months?|years?|yrs?|tickets?|servers?|laptops?|x\b|/\s*[57]\b)",
    re.IGNORECASE,
)
_YEAR_CONTEXT = re.compile(r"(in|by|from|since|until|starting|of|q[1-4]|h[12]|year|fy)\s*$", re.IGNORECASE)
_RANGE = re.compile(r"\s*(-|–|—|to|and)\s*", re.IGNORECASE)
PERIODS = {
    "month": r"per\s+month|a\s+month|each\s+month|every\s+month|/\s*mo(nth)?\b|/\s*m\b|\bmonthly\b|\bp\.?m\.?(?=\s|$)|"
             r"per\s+mo\b|\bmonth\b",
    "year": r"per\s+(year|annum)|a\s+year|each\s+year|/\s*y(ea)?r\b|\byearly\b|\bannual(ly)?\b|\bp\.?a\.?(?=\s|$)|"
            r"\byear\b",
    "quarter": r"per\s+quarter|a\s+quarter|quarterly",
    "hour": r"per\s+hour|an\s+hour|/\s*h(ou)?r?\b|\bhourly\b",
    "total": r"\btotal\b|one[- ]off|one[- ]time|overall|for\s+the\s+(whole\s+|entire\s+)?project|\bin\s+all\b",
}
UNITS = {"user": r"per\s+(user|seat|employee|head)\b|/\s*user", "device": r"per\s+(device|endpoint)\b"}
_PERIOD_WORDS = {**{unit: f"per {unit}" for unit in ("month", "year", "quarter", "hour")}, "total": "in total"}


@dataclass(frozen=True)
class Budget:
    """A budget: an amount or range, its currency and period if stated, and whether it is per user or device."""

    low: float
    high: float
    currency: str | None
    period: str | None  # month, year, quarter, hour, total, or None when not stated
    unit: str | None = None  # user or device for a price per head
    approximate: bool = False  # "around", "roughly"
    bound: str | None = None  # "may_exceed" ("maybe a bit more", "at least") or "ceiling" ("at most", "up to")
    bound_words: str = ""  # the words that set the bound, quoted back in the open question

    def summary(self) -> str:
        """Return the budget in words, saying what was not stated."""
        amount = format_amount(self.low) if self.low == self.high else f"{format_amount(self.low)}–{format_amount(self.high)}"
        parts = [("up to " if self.bound == "ceiling" else "about " if self.approximate else "")
                 + amount + (f" {self.currency}" if self.currency else "")]
        if self.unit:
            parts.append(f"per {self.unit}")
        if self.period:
            parts.append(_PERIOD_WORDS[self.period])
        text = " ".join(parts)
        if self.bound == "may_exceed":
            text += f", possibly more (“{self.bound_words}”)"
        missing = [w for w, absent in (("currency", not self.currency), ("period", not self.period)) if absent]
        return text + (f" ({' and '.join(missing)} not stated)" if missing else "")

    def open_points(self) -> list[str]:
        """Return what the budget leaves open."""
        points = []
        if not self.currency:
            points.append("The budget's currency is not stated.")
        if not self.period:
            points.append(f"The budget does not say whether it is {_PERIOD_WORDS['month']}, {_PERIOD_WORDS['year']} or in total.")
        if self.bound == "may_exceed":
            points.append(f"The budget may be exceeded (“{self.bound_words}”); I read {format_amount(self.high)} as the "
                          "planning figure: state the most you could pay.")
        return points


@dataclass(frozen=True)
class _Amount:
    value: float
    currency: str | None
    multiplier: float
    start: int
    end: int
    raw: str


def _currency(token: str | None) -> str | None:
    if not token:
        return None
    token = token.lower()
    return _CURRENCIES.get(token, token.upper())


def _amounts(text: str) -> list[_Amount]:
    found = []
    for match in AMOUNT.finditer(text):
        suffix = (match.group("suffix") or "").lower()
        currency = _currency(match.group("before")) or _currency(match.group("after"))
        if not suffix and not currency:
            if _NOT_MONEY.match(text, match.end("num")):
                continue
            value = number(match.group("num"))
            if 1990 <= value <= 2100 and _YEAR_CONTEXT.search(text[: match.start("num")]):
                continue
        multiplier = _MULTIPLIERS.get(suffix, 1)
        value = number(match.group("num")) * multiplier
        found.append(_Amount(value, currency, multiplier, match.start(), match.end(), match.group(0).strip()))
    return found


def _budget_candidates(text: str) -> list[tuple[_Amount, _Amount]]:
    """Return the amounts and ranges of an answer, keeping only money-like ones when there are any."""
    amounts = _amounts(text)
    items = []
    i = 0
    while i < len(amounts):
        first = amounts[i]
        if i + 1 < len(amounts) and _RANGE.fullmatch(text[first.end: amounts[i + 1].start]):
            items.append((first, amounts[i + 1]))
            i += 2
        else:
            items.append((first, first))
            i += 1
    # A currency or a k/m suffix marks money; bare numbers count only when nothing is marked.
    strong = [pair for pair in items if any(a.currency or a.multiplier != 1 for a in pair)]
    return strong or items


def _single_match(patterns: dict[str, str], text: str, what: str) -> str | None:
    names = [name for name, pattern in patterns.items() if re.search(pattern, text, re.IGNORECASE)]
    if len(names) > 1:
        raise ParseError(f"{quote(text)} mentions more than one {what} ({', '.join(names)}); please give one.")
    return names[0] if names else None


def parse_budget(text: str) -> Budget:
    """Read a budget such as "about 10k a month", "around eighty grand a year" or "80-120k EUR per year"."""
    text = words_to_numbers(require_text(text))
    candidates = _budget_candidates(text)
    if not candidates:
        raise ParseError(
            f"I could not find an amount in {quote(text)}. Give a figure such as \"10k per month\" or "
            "\"120,000 EUR a year\"; if the budget is not known yet, skip this question."
        )
    if len(candidates) > 1:
        listed = ", ".join(low.raw if low is high else f"{low.raw} to {high.raw}" for low, high in candidates)
        raise ParseError(
            f"I found several amounts in {quote(text)} ({listed}). Give one budget or a range such as \"8k-12k a month\"."
        )
    low, high = candidates[0]
    low_value = low.value
    # "8-12k": the suffix written once applies to both ends.
    if low.multiplier == 1 and high.multiplier != 1 and low.value * high.multiplier <= high.value:
        low_value = low.value * high.multiplier
    currencies = {c for c in (low.currency, high.currency) if c}
    if not currencies:
        currencies = {_currency(m) for m in re.findall(_CURRENCY_WORD, text, re.IGNORECASE)}
    if len(currencies) > 1:
        raise ParseError(f"{quote(text)} mentions more than one currency ({', '.join(sorted(currencies))}); please use one.")
    if low_value > high.value:
        raise ParseError(f"The range in {quote(text)} goes from high to low; write it as \"low-high\".")
    exceed, ceiling = qualifier("may_exceed", text), qualifier("ceiling", text)
    bound = "may_exceed" if exceed else ("ceiling" if ceiling else None)
    return Budget(
        approximate=bool(qualifier("approximate", text)),
        bound=bound,
        bound_words=(exceed or ceiling).group(0).strip() if bound else "",
        low=low_value,
        high=high.value,
        currency=next(iter(currencies), None),
        period=_single_match(PERIODS, text, "period"),
        unit=_single_match(UNITS, text, "unit"),
    )
