"""Rank vendor profiles by fit to the requirements: hard requirements filter, soft ones score."""

import re
from dataclasses import dataclass, field
from typing import Callable

from assistant.planning.parse_common import format_amount
from assistant.planning.parse_terms import pricing_models_in
from assistant.planning.parse_time import duration_text
from assistant.planning.requirements import Requirements, relax_key
from assistant.planning.vocabulary import CERTIFICATIONS, REGULATIONS, offset_label, parse_offset, place_covers, place_of
from assistant.vendors import SERVICE_LABELS, ServiceType, VendorProfile

# A monthly budget is compared with hourly rates through one full-time person's month: a rough yardstick,
# stated in every budget reason so the reader can judge it.
FULL_TIME_HOURS_PER_MONTH = 160
WORKDAY_HOURS = 8
_MONTHS_PER = {"month": 1, "quarter": 3, "year": 12}


@dataclass
class VendorFit:
    """A vendor that meets every hard requirement, with its fit score (0-100), reasons, gaps and citation."""

    vendor_id: str
    name: str
    score: int
    reasons: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    citation: str = ""
    sample: bool = False


@dataclass
class Exclusion:
    """A vendor left out because it misses a hard requirement."""

    vendor_id: str
    name: str
    reasons: list[str]
    citation: str = ""


@dataclass
class NearMiss:
    """A vendor that misses exactly one hard requirement, which the user could relax (by `key`)."""

    vendor_id: str
    name: str
    missed: str
    key: str
    function: ServiceType | None = None


@dataclass
class PairFit:
    """Two vendors that together cover every function: who does what, and the fit of the combination."""

    first: str
    second: str
    names: tuple[str, str]
    assignment: dict[ServiceType, str]  # function -> vendor id
    score: int
    reasons: list[str] = field(default_factory=list)
    sample: bool = False


@dataclass
class Shortlist:
    """Vendors ranked best fit first, those excluded by hard requirements, and the ways around an empty list."""

    fits: list[VendorFit] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)
    others: int = 0  # vendors meeting the hard requirements but cut by the size limit
    by_function: dict[ServiceType, list[VendorFit]] = field(default_factory=dict)
    pairs: list[PairFit] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)
    unrelated: int = 0  # profiles that provide none of the functions, left out of `excluded` to keep it short


@dataclass(frozen=True)
class Check:
    """One hard requirement checked against one vendor; `key` names it for relaxing."""

    key: str
    ok: bool
    text: str


def citation_for(vendor: VendorProfile) -> str:
    """Return how a shortlist entry cites the profile it is based on."""
    return f"vendor profile “{vendor.name}” (id {vendor.id}{', sample data' if vendor.sample else ''})"


def holds(vendor: VendorProfile, certification: str) -> bool:
    """Return whether the profile lists a certification (matching "SOC 2" with "SOC 2 Type II")."""
    pattern = CERTIFICATIONS.get(certification, re.escape(certification))
    return any(re.search(pattern, held, re.IGNORECASE) for held in vendor.certifications)


def mentions(vendor: VendorProfile, regulation: str) -> bool:
    """Return whether the profile mentions a regulation anywhere a capability would be stated."""
    text = " ".join([vendor.summary, *vendor.certifications, *vendor.specialties, *vendor.industries, *vendor.strengths])
    return bool(re.search(REGULATIONS.get(regulation, re.escape(regulation)), text, re.IGNORECASE))


def _checks(need: Requirements, vendor: VendorProfile) -> list[Check]:
    """Return every hard requirement of `need` checked against a vendor."""
    checks: list[Check] = []

    def check(key: str, ok: bool, yes: str, no: str) -> None:
        checks.append(Check(key, ok, yes if ok else no))

    for service in need.services:
        label = SERVICE_LABELS[service]
        check(f"service:{service.value}", service in vendor.services, f"provides {label}", f"does not provide {label}")
    for cert in need.mandatory_certifications:
        check(f"cert:{cert}", holds(vendor, cert), f"holds {cert}", f"does not hold {cert}")
    residency = need.residency
    if residency and residency.places and residency.required:
        wanted = " or ".join(residency.places)
        offered = ", ".join(vendor.data_residency) or "no data residency options stated"
        check("residency", keeps_data_in(vendor, residency.places), f"can keep data in {wanted} (offers {offered})",
              f"cannot keep data in {wanted} ({offered})")
    hours = vendor.support_hours
    if need.needs_round_the_clock:
        check("hours", vendor.is_24x7, "offers 24/7 support", f"does not offer 24/7 support for everything ({hours})")
    elif need.needs_critical_cover:
        check("hours", bool(re.search(r"24\s*[/x]\s*7", hours, re.IGNORECASE)), f"covers critical issues 24/7 ({hours})",
              f"has no 24/7 cover for critical issues ({hours})")
    if need.excluded_delivery:
        allowed = [m.value for m in vendor.delivery_models if m not in need.excluded_delivery]
        ruled_out = " or ".join(m.value for m in need.excluded_delivery)
        check("delivery", bool(allowed), f"delivers {' and '.join(allowed)}, not only {ruled_out}",
              f"delivers only {ruled_out}, which you ruled out")
    return checks


def _function_checks(need: Requirements, vendor: VendorProfile, service: ServiceType) -> list[Check]:
    """Return a function's hard requirements against a vendor, keyed per function where they differ."""
    common = {c.key for c in _checks(need, vendor)}
    own = _checks(need.for_function(service), vendor)
    return [c if c.key in common or c.key.startswith("service:") else Check(relax_key(c.key, service), c.ok, c.text)
            for c in own]


def _all_checks(need: Requirements, vendor: VendorProfile) -> list[Check]:
    """Return every function's hard requirements against a vendor, each once."""
    if not need.by_function:
        return _checks(need, vendor)
    labelled = len(need.services) > 1
    found: dict[tuple[str, str], Check] = {}
    for service in need.services:
        for c in _function_checks(need, vendor, service):
            text = c.text if "/" not in c.key or not labelled else f"{c.text} (for {SERVICE_LABELS[service]})"
            found.setdefault((c.key, c.text), Check(c.key, c.ok, text))
    return list(found.values())


def _hard_checks(need: Requirements, vendor: VendorProfile) -> tuple[list[str], list[str]]:
    """Return (met, missed) hard requirements in words."""
    checks = _all_checks(need, vendor)
    return [c.text for c in checks if c.ok], [c.text for c in checks if not c.ok]


def keeps_data_in(vendor: VendorProfile, places) -> bool:
    """Return whether any of the vendor's data residency options satisfies any of the places."""
    offered = [place_of(entry) for entry in vendor.data_residency]
    return any(o and place_covers(o, wanted) for o in offered for wanted in places)


# Each soft criterion returns None when the user stated no preference, else (score 0-1, reason or gap text).
Criterion = Callable[[Requirements, VendorProfile], tuple[float, str] | None]


def _languages(need: Requirements, vendor: VendorProfile):
    if not need.languages:
        return None
    spoken = {lang.lower() for lang in vendor.languages}
    have = [lang for lang in need.languages if lang.lower() in spoken]
    lacking = [lang for lang in need.languages if lang.lower() not in spoken]
    if not lacking:
        return 1.0, f"works in {', '.join(have)}"
    return len(have) / len(need.languages), f"does not list {', '.join(lacking)} among its languages ({', '.join(vendor.languages)})"


def _overlap(a: float, b: float) -> float:
    difference = abs(a - b) % 24
    return max(0.0, WORKDAY_HOURS - min(difference, 24 - difference))


def _time_zones(need: Requirements, vendor: VendorProfile):
    if not need.timezones:
        return None
    vendor_zones = [(loc, parse_offset(loc.timezone)) for loc in vendor.locations]
    vendor_zones = [(loc, o) for loc, o in vendor_zones if o is not None]
    if not vendor_zones:
        return 0.0, "its profile gives no time zone"
    parts, scores = [], []
    for zone in need.timezones:
        loc, offset = max(vendor_zones, key=lambda pair: _overlap(zone, pair[1]))
        hours = _overlap(zone, offset)
        scores.append(hours / WORKDAY_HOURS)
        parts.append(f"{hours:g} of 8 working hours overlap with {offset_label(zone)} ({loc.city}, {loc.timezone})")
    return sum(scores) / len(scores), "; ".join(parts)


def _affordable_rate(need: Requirements, vendor: VendorProfile) -> tuple[float | None, str]:
    """Return the hourly rate the budget allows and how it was worked out, or None and why it cannot be."""
    budget = need.budget
    currency = vendor.rate_range.currency
    if budget.currency and budget.currency != currency:
        return None, f"rates are in {currency} and the budget in {budget.currency}; compare after conversion"
    assumed = "" if budget.currency else f" (budget currency not stated; read as {currency})"
    if budget.period == "hour" and not budget.unit:
        return budget.high, f"the budget allows {format_amount(budget.high)} {currency} per hour{assumed}"
    if budget.period not in _MONTHS_PER:
        return None, "the budget is not per hour, month, quarter or year, so it cannot be compared with hourly rates"
    monthly = budget.high / _MONTHS_PER[budget.period]
    how = f"{format_amount(monthly)} {currency} per month"
    if budget.unit:
        if not need.users or budget.unit != "user":
            return None, f"a budget per {budget.unit} cannot be compared with hourly rates without the number of {budget.unit}s"
        monthly *= need.users
        how = f"{format_amount(budget.high)} per user × {need.users:,} users = {format_amount(monthly)} {currency} per month"
    rate = monthly / FULL_TIME_HOURS_PER_MONTH
    return rate, f"{how} pays one full-time person ({FULL_TIME_HOURS_PER_MONTH} h) at up to {format_amount(round(rate, 2))} {currency}/h{assumed}"


def _budget(need: Requirements, vendor: VendorProfile):
    if not need.budget:
        return None
    rates = vendor.rate_range
    span = f"{rates.min_hourly:g}-{rates.max_hourly:g} {rates.currency}/h"
    rate, how = _affordable_rate(need, vendor)
    if rate is None:
        return 0.5, f"budget not compared with its rates of {span}: {how}"
    if rate >= rates.max_hourly:
        return 1.0, f"its rates of {span} fit the budget: {how}"
    if rate >= rates.min_hourly:
        share = (rate - rates.min_hourly) / (rates.max_hourly - rates.min_hourly or 1)
        return 0.5 + share / 2, f"only the lower part of its rates of {span} fits the budget: {how}"
    return 0.0, f"its lowest rate ({span}) is above the budget: {how}"


def _service_levels(need: Requirements, vendor: VendorProfile):
    levels = need.levels
    if not levels or (levels.response_minutes, levels.resolution_minutes, levels.availability_percent) == (None,) * 3:
        return None
    sla = vendor.sla
    checks = []
    if levels.response_minutes is not None:
        have = sla.critical_response_minutes
        checks.append((have is not None and have <= levels.response_minutes,
                       f"responds to critical issues within {have} minutes" if have is not None else "states no response time",
                       f"target {duration_text(levels.response_minutes)}"))
    if levels.resolution_minutes is not None:
        have = sla.critical_resolution_hours
        checks.append((have is not None and have * 60 <= levels.resolution_minutes,
                       f"resolves critical issues within {have:g} hours" if have is not None else "states no resolution time",
                       f"target {duration_text(levels.resolution_minutes)}"))
    if levels.availability_percent is not None:
        have = sla.availability_percent
        checks.append((have is not None and have >= levels.availability_percent,
                       f"commits to {have:g}% availability" if have is not None else "states no availability",
                       f"target {levels.availability_percent:g}%"))
    met = sum(ok for ok, _, _ in checks)
    text = "; ".join(f"{said} ({target}{'' if ok else ', not met'})" for ok, said, target in checks)
    return met / len(checks), text


def _delivery(need: Requirements, vendor: VendorProfile):
    if not need.delivery or not need.delivery.models:
        return None
    offered = [m.value for m in vendor.delivery_models]
    match = [m.value for m in need.delivery.models if m in vendor.delivery_models]
    if match:
        return 1.0, f"offers {' and '.join(match)} delivery"
    return 0.0, f"delivers {', '.join(offered)}, not {' or '.join(m.value for m in need.delivery.models)}"


def _pricing(need: Requirements, vendor: VendorProfile):
    if not need.pricing:
        return None
    offered = pricing_models_in(vendor.pricing_model)
    match = [p for p in need.pricing if p in offered]
    if match:
        return 1.0, f"prices {' or '.join(match)} ({vendor.pricing_model})"
    return 0.0, f"prices differently from {' or '.join(need.pricing)} ({vendor.pricing_model})"


def _preferred_certifications(need: Requirements, vendor: VendorProfile):
    if not need.preferred_certifications:
        return None
    have = [c for c in need.preferred_certifications if holds(vendor, c)]
    lacking = [c for c in need.preferred_certifications if not holds(vendor, c)]
    if not lacking:
        return 1.0, f"holds {', '.join(have)}"
    return len(have) / len(need.preferred_certifications), f"does not list {', '.join(lacking)}"


def _regulations(need: Requirements, vendor: VendorProfile):
    if not need.regulations:
        return None
    have = [r for r in need.regulations if mentions(vendor, r)]
    lacking = [r for r in need.regulations if not mentions(vendor, r)]
    if not lacking:
        return 1.0, f"its profile mentions {', '.join(have)}"
    return len(have) / len(need.regulations), f"its profile does not mention {', '.join(lacking)}: ask how it supports it"


def _preferred_residency(need: Requirements, vendor: VendorProfile):
    residency = need.residency
    if not residency or not residency.places or residency.required:
        return None
    wanted = " or ".join(residency.places)
    if keeps_data_in(vendor, residency.places):
        return 1.0, f"can keep data in {wanted}"
    return 0.0, f"does not offer data residency in {wanted} ({', '.join(vendor.data_residency) or 'none stated'})"


SOFT_CRITERIA: list[tuple[Criterion, int]] = [
    (_budget, 3), (_languages, 2), (_time_zones, 2), (_service_levels, 2), (_delivery, 1), (_pricing, 1),
    (_preferred_certifications, 1), (_regulations, 1), (_preferred_residency, 1),
]


def _assess(need: Requirements, vendor: VendorProfile) -> VendorFit:
    met, _ = _hard_checks(need, vendor)
    reasons, gaps = [m[0].upper() + m[1:] for m in met], []
    total = weights = 0.0
    for criterion, weight in SOFT_CRITERIA:
        result = criterion(need, vendor)
        if result is None:
            continue
        score, text = result
        total += score * weight
        weights += weight
        (reasons if score >= 0.75 else gaps).append(text[0].upper() + text[1:])
    score = round(100 * total / weights) if weights else 100
    return VendorFit(vendor.id, vendor.name, score, reasons, gaps, citation_for(vendor), vendor.sample)


def _order(fit: VendorFit) -> tuple:
    return -fit.score, len(fit.gaps), fit.name.lower()


def rank_vendors(need: Requirements, vendors: list[VendorProfile], limit: int | None = None) -> Shortlist:
    """Return vendors meeting every hard requirement ranked by fit (best first), and the excluded ones with why."""
    shortlist = Shortlist()
    for vendor in vendors:
        _, missed = _hard_checks(need, vendor)
        if need.services and not set(need.services) & set(vendor.services):
            shortlist.unrelated += 1
        elif missed:
            shortlist.excluded.append(Exclusion(vendor.id, vendor.name, missed, citation_for(vendor)))
        else:
            shortlist.fits.append(_assess(need, vendor))
    shortlist.fits.sort(key=_order)
    shortlist.excluded.sort(key=lambda ex: ex.name.lower())
    if limit is not None and len(shortlist.fits) > limit:
        shortlist.others = len(shortlist.fits) - limit
        shortlist.fits = shortlist.fits[:limit]
    if len(need.services) > 1:
        for service in need.services:
            own = need.for_function(service)
            fits = [_assess(own, v) for v in vendors if all(c.ok for c in _function_checks(need, v, service))]
            shortlist.by_function[service] = sorted(fits, key=_order)
        shortlist.pairs = _pairs(need, shortlist.by_function, {v.id: v for v in vendors}, limit or 5)
    shortlist.near_misses = _near_misses(need, vendors)
    return shortlist


def _pairs(need: Requirements, by_function: dict[ServiceType, list[VendorFit]], vendors: dict[str, VendorProfile],
           limit: int) -> list[PairFit]:
    """Return pairs of vendors that together (and neither alone) cover every function, best combined fit first."""
    scores = {service: {fit.vendor_id: fit for fit in fits} for service, fits in by_function.items()}
    candidates = sorted({vid for fits in scores.values() for vid in fits})
    pairs = []
    for i, first in enumerate(candidates):
        for second in candidates[i + 1:]:
            assignment, total, reasons = {}, 0, []
            for service, fits in scores.items():
                options = [fits[v] for v in (first, second) if v in fits]
                if not options:
                    break
                best = max(options, key=lambda fit: fit.score)
                assignment[service] = best.vendor_id
                total += best.score
                reasons.append(f"{SERVICE_LABELS[service]} by {best.name} (fit {best.score}/100)")
            else:
                if len(set(assignment.values())) < 2:
                    continue  # one of them covers everything alone: it is in the single-vendor shortlist
                names = (vendors[first].name, vendors[second].name)
                pairs.append(PairFit(first, second, names, assignment, round(total / len(scores)), reasons,
                                     vendors[first].sample or vendors[second].sample))
    pairs.sort(key=lambda pair: (-pair.score, pair.names))
    return pairs[:limit]


def _near_misses(need: Requirements, vendors: list[VendorProfile]) -> list[NearMiss]:
    """Return vendors missing exactly one relaxable hard requirement, overall or for one function they provide."""
    misses: dict[tuple[str, str], NearMiss] = {}
    scopes = [(s, lambda v, s=s: _function_checks(need, v, s)) for s in need.services] if len(need.services) > 1 \
        else [(None, lambda v: _all_checks(need, v))]
    for service, checks_of in scopes:
        for vendor in vendors:
            missed = [c for c in checks_of(vendor) if not c.ok]
            if len(missed) == 1 and not missed[0].key.startswith("service:"):
                miss = missed[0]
                misses.setdefault((vendor.id, miss.key), NearMiss(vendor.id, vendor.name, miss.text, miss.key, service))
    return sorted(misses.values(), key=lambda m: (m.key, m.name.lower()))
