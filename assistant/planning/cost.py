"""Cost comparison: each candidate's rate range times the user's volumes, in the budget's currency."""

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.planning.parse_common import format_amount
from assistant.planning.requirements import Requirements
from assistant.vendors import SERVICE_LABELS, ServiceType, VendorProfile

COST_FILE = Path(__file__).with_name("cost.yaml")
_MONTHS_PER = {"month": 1, "quarter": 3, "year": 12}


@lru_cache(maxsize=1)
def assumptions() -> dict:
    """Return cost.yaml, read once."""
    return yaml.safe_load(COST_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class CostEstimate:
    """A monthly cost range for a vendor doing some functions, in one currency, and how it was worked out."""

    name: str
    scope: str
    hours: float
    low: float
    high: float
    currency: str
    how: str
    fits_budget: str  # "yes", "partly", "no" or "" when there is no comparable budget


def convert(amount: float, source: str, target: str) -> float | None:
    """Return an amount in another currency at the stated rates, or None when a rate is missing."""
    rates = assumptions()["to_eur"]
    if source == target:
        return amount
    if source not in rates or target not in rates:
        return None
    return amount * rates[source] / rates[target]


def _hours(need: Requirements, functions: tuple[ServiceType, ...]) -> tuple[float, str]:
    per_user = assumptions()["hours_per_user"]
    full_time = assumptions()["full_time_hours"]
    hours, parts = 0.0, []
    for service in functions:
        rate = per_user.get(service.value)
        if need.users and rate:
            hours += need.users * rate
            parts.append(f"{SERVICE_LABELS[service]}: {need.users:,} users × {rate:g} h")
        else:
            hours += full_time
            parts.append(f"{SERVICE_LABELS[service]}: one full-time person ({full_time} h)")
    return hours, "; ".join(parts)


def monthly_budget(need: Requirements, currency: str) -> float | None:
    """Return the budget's upper figure per month in `currency`, or None when it has no comparable period."""
    budget = need.budget
    if not budget or budget.period not in _MONTHS_PER:
        return None
    monthly = budget.high / _MONTHS_PER[budget.period]
    if budget.unit == "user":
        if not need.users:
            return None
        monthly *= need.users
    elif budget.unit:
        return None
    return convert(monthly, budget.currency or currency, currency)


def target_currency(need: Requirements) -> str:
    """Return the currency costs are shown in: the budget's, else euros."""
    return need.budget.currency if need.budget and need.budget.currency else "EUR"


def estimate(need: Requirements, vendor: VendorProfile, functions: tuple[ServiceType, ...]) -> CostEstimate | None:
    """Return the monthly cost range of a vendor doing `functions`, or None when its currency cannot be converted."""
    currency = target_currency(need)
    rates = vendor.rate_range
    low, high = convert(rates.min_hourly, rates.currency, currency), convert(rates.max_hourly, rates.currency, currency)
    if low is None or high is None:
        return None
    hours, how = _hours(need, functions)
    rate_note = "" if rates.currency == currency else (
        f"; {rates.currency} converted at 1 {rates.currency} = "
        f"{convert(1, rates.currency, currency):.4g} {currency} ({assumptions()['rates_date']})")
    budget = monthly_budget(need, currency)
    fits = "" if budget is None else ("yes" if hours * high <= budget else "partly" if hours * low <= budget else "no")
    scope = ", ".join(SERVICE_LABELS[s] for s in functions)
    return CostEstimate(vendor.name, scope, hours, hours * low, hours * high, currency,
                        f"{format_amount(round(hours, 1))} h a month ({how}) × {rates.min_hourly:g}-{rates.max_hourly:g} "
                        f"{rates.currency}/h{rate_note}", fits)


def cost_rows(need: Requirements, shortlist, vendors: list[VendorProfile]) -> list[CostEstimate]:
    """Return cost estimates for the shortlisted vendors and, per pair, for each vendor's share."""
    by_id = {v.id: v for v in vendors}
    rows = [estimate(need, by_id[f.vendor_id], need.services) for f in shortlist.fits if f.vendor_id in by_id]
    for pair in shortlist.pairs:
        shares = [estimate(need, by_id[vendor_id], tuple(s for s, v in pair.assignment.items() if v == vendor_id))
                  for vendor_id in (pair.first, pair.second)]
        if not all(shares):
            continue
        # The budget pays for both, so only the pair's total is compared with it.
        rows += [replace(share, fits_budget="see the pair's total") for share in shares
                 if all((r.name, r.scope) != (share.name, share.scope) for r in rows if r)]
        low, high = sum(s.low for s in shares), sum(s.high for s in shares)
        budget = monthly_budget(need, shares[0].currency)
        fits = "" if budget is None else ("yes" if high <= budget else "partly" if low <= budget else "no")
        rows.append(CostEstimate(" + ".join(pair.names), "together: every function", sum(s.hours for s in shares),
                                 low, high, shares[0].currency, "the sum of the two shares above", fits))
    return [r for r in rows if r]


def cost_markdown(need: Requirements, rows: list[CostEstimate]) -> list[str]:
    """Return the cost comparison as a Markdown table beside the budget, with its assumptions."""
    if not rows:
        return []
    currency = target_currency(need)
    budget = monthly_budget(need, currency)
    said = (f"the budget allows about {format_amount(round(budget))} {currency} a month" if budget is not None
            else "the budget cannot be compared per month")
    if need.budget and not need.budget.currency:
        said += " (its currency is not stated; read as EUR)"
    lines = [f"Monthly cost from each vendor's rate range and your volumes, in {currency}; {said}. Hours per user "
             "and exchange rates are assumptions from assistant/planning/cost.yaml: check them.", "",
             "| Vendor | Does | Cost a month | Fits the budget | How it is worked out |", "|---|---|---|---|---|"]
    for row in rows:
        cost = f"{format_amount(round(row.low))}-{format_amount(round(row.high))} {row.currency}"
        lines.append(f"| {row.name} | {row.scope} | {cost} | {row.fits_budget or 'n/a'} | {row.how} |")
    return lines
