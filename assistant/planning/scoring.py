"""The weighted scoring matrix: each shortlisted vendor scored 0-5 per criterion, with a reason and a citation."""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.planning import shortlist as fit
from assistant.planning.requirements import Requirements
from assistant.vendors import SERVICE_LABELS, VendorProfile

SCORING_FILE = Path(__file__).with_name("scoring.yaml")
MAX_WEIGHT = 10


class WeightError(ValueError):
    """A weight that is not a number from 0 to 10, or names no criterion."""


@dataclass(frozen=True)
class Criterion:
    """A scoring criterion and the profile fields its scores cite."""

    id: str
    label: str
    weight: float
    fields: tuple[str, ...]


@lru_cache(maxsize=1)
def criteria() -> tuple[Criterion, ...]:
    """Return the criteria of scoring.yaml with their default weights."""
    data = yaml.safe_load(SCORING_FILE.read_text(encoding="utf-8"))
    return tuple(Criterion(c["id"], c["label"], float(c["weight"]), tuple(c["fields"])) for c in data["criteria"])


def checked_weights(weights: dict) -> dict[str, float]:
    """Return weights as numbers, raising WeightError naming the criterion or value that is wrong."""
    known = {c.id: c for c in criteria()}
    checked = {}
    for key, value in (weights or {}).items():
        if key not in known:
            raise WeightError(f"no scoring criterion {key!r}; the criteria are: {', '.join(known)}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise WeightError(f"the weight of {known[key].label} must be a number from 0 to {MAX_WEIGHT}, "
                              f"not {value!r}") from None
        if not 0 <= number <= MAX_WEIGHT or isinstance(value, bool):
            raise WeightError(f"the weight of {known[key].label} must be from 0 to {MAX_WEIGHT}, not {value!r}")
        checked[key] = number
    return checked


@dataclass
class Score:
    """One cell: 0-5, why, and the profile fields it rests on."""

    value: float
    reason: str
    citation: str


@dataclass
class MatrixRow:
    """One vendor's scores and weighted total (0-5)."""

    vendor_id: str
    name: str
    scope: str  # what the vendor is scored for: "all functions" or one function
    scores: dict[str, Score] = field(default_factory=dict)
    total: float = 0.0


@dataclass
class ScoringMatrix:
    """The criteria that apply, their weights, and one row per vendor, best total first."""

    criteria: list[Criterion]
    rows: list[MatrixRow]


def cell(text: str) -> str:
    """Return text safe for a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|") or " "


def _certifications(need: Requirements, vendor: VendorProfile):
    wanted = list(need.mandatory_certifications) + list(need.preferred_certifications)
    if not wanted:
        return None
    have = [c for c in wanted if fit.holds(vendor, c)]
    lacking = [c for c in wanted if c not in have]
    text = (f"holds {', '.join(have)}" if have else "holds none of them") + (
        f"; does not list {', '.join(lacking)}" if lacking else "")
    return len(have) / len(wanted), text


def _delivery(need: Requirements, vendor: VendorProfile):
    result = fit._delivery(need, vendor)
    if result is None and not need.excluded_delivery:
        return None
    offered = ", ".join(m.value for m in vendor.delivery_models)
    if need.excluded_delivery and any(m in need.excluded_delivery for m in vendor.delivery_models):
        ruled_out = " or ".join(m.value for m in need.excluded_delivery)
        score, text = result or (1.0, f"delivers {offered}")
        return score * 0.5, f"{text}; also delivers {ruled_out}, which you ruled out: ask where your team sits"
    return result or (1.0, f"delivers {offered}, none of it ruled out")


def _references(need: Requirements, vendor: VendorProfile):
    words = {w for w in re.findall(r"[a-z]{5,}", need.other_criteria.lower())} - {"references", "reference",
                                                                                    "experience", "company", "clients"}
    if not need.other_criteria:
        return None
    known = [*vendor.industries, *vendor.specialties, *vendor.strengths]
    matched = [k for k in known if any(w in k.lower() for w in words)]
    if matched:
        return 1.0, f"its profile names {', '.join(matched[:3])}; ask for references there"
    return 0.4, f"its profile names no experience matching your criteria (industries: {', '.join(vendor.industries)})"


_SCORERS = {
    "price_fit": fit._budget, "service_levels": fit._service_levels, "certifications": _certifications,
    "time_zones": fit._time_zones, "languages": fit._languages, "delivery": _delivery, "references": _references,
}


def _citation(vendor: VendorProfile, fields: tuple[str, ...]) -> str:
    return f"vendor profile {vendor.id}: {', '.join(fields)}"


def score_vendors(need: Requirements, vendors: list[tuple[VendorProfile, str, Requirements]],
                  weights: dict | None = None) -> ScoringMatrix:
    """Score (vendor, scope, requirements for that scope) triples on every criterion the needs speak to."""
    chosen = checked_weights(weights or {})
    table = [Criterion(c.id, c.label, chosen.get(c.id, c.weight), c.fields) for c in criteria()]
    rows, used = [], set()
    for vendor, scope, own in vendors:
        row = MatrixRow(vendor.id, vendor.name, scope)
        for criterion in table:
            result = _SCORERS[criterion.id](own, vendor)
            if result is None:
                continue
            value, reason = result
            row.scores[criterion.id] = Score(round(5 * value, 1), reason[0].upper() + reason[1:],
                                             _citation(vendor, criterion.fields))
            used.add(criterion.id)
        rows.append(row)
    applied = [c for c in table if c.id in used]
    for row in rows:
        weighted = [(c.weight, row.scores[c.id].value) for c in applied if c.id in row.scores]
        total_weight = sum(w for w, _ in weighted)
        row.total = round(sum(w * v for w, v in weighted) / total_weight, 2) if total_weight else 0.0
    rows.sort(key=lambda r: (-r.total, r.name.lower()))
    return ScoringMatrix(applied, rows)


def matrix_vendors(need: Requirements, shortlist, vendors: list[VendorProfile]) -> list[tuple]:
    """Return the vendors to score: the shortlist, then each function's candidates for the functions they fit."""
    by_id = {v.id: v for v in vendors}
    picked = [(by_id[f.vendor_id], "all functions", need) for f in shortlist.fits if f.vendor_id in by_id]
    seen = {v.id for v, _, _ in picked}
    for service, fits in shortlist.by_function.items():
        for entry in fits[:3]:
            if entry.vendor_id in by_id and (entry.vendor_id, service) not in seen:
                picked.append((by_id[entry.vendor_id], SERVICE_LABELS[service], need.for_function(service)))
                seen.add((entry.vendor_id, service))
    return picked


def matrix_markdown(matrix: ScoringMatrix) -> list[str]:
    """Return the matrix as a Markdown table followed by every score's reason and citation."""
    if not matrix.rows:
        return ["No vendor to score."]
    if not matrix.criteria:
        return ["The answers state no criterion to score vendors on."]
    head = ["Vendor", "Scored for"] + [f"{c.label} (×{c.weight:g})" for c in matrix.criteria] + ["Weighted total"]
    lines = ["Each score is 0-5; the weighted total is the weighted mean of the scores. Change the weights to "
             "reflect what matters most.", "", "| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in matrix.rows:
        cells = [row.name, row.scope] + [f"{row.scores[c.id].value:g}" if c.id in row.scores else "n/a"
                                         for c in matrix.criteria] + [f"{row.total:.2f}"]
        lines.append("| " + " | ".join(cell(v) for v in cells) + " |")
    lines += ["", "Why each score:"]
    for row in matrix.rows:
        lines += ["", f"**{row.name}** ({row.scope})"]
        lines += [f"- {c.label} {row.scores[c.id].value:g}/5: {row.scores[c.id].reason} "
                  f"(source: {row.scores[c.id].citation})" for c in matrix.criteria if c.id in row.scores]
    return lines
