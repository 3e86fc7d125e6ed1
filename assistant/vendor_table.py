"""Vendor profiles as filterable table rows and a side-by-side comparison."""

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from assistant.vendors import (
    SERVICE_LABELS,
    DeliveryModel,
    ServiceType,
    VendorProfile,
    VendorProfileError,
    load_vendor,
    vendor_files,
)

TABLE_COLUMNS = ["Vendor", "Services", "Delivery", "Regions", "Certifications", "Rates per hour", "Support hours"]
MAX_COMPARED = 3


@dataclass
class VendorCatalog:
    """The vendor profiles that loaded, and why the others did not."""

    vendors: list[VendorProfile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def by_name(self, names: list[str]) -> list[VendorProfile]:
        """Return the vendors with the given names, in that order."""
        index = {v.name: v for v in self.vendors}
        return [index[n] for n in names if n in index]


def load_catalog(folder: Path) -> VendorCatalog:
    """Load every valid profile of a folder, keeping the reasons invalid ones were left out."""
    catalog = VendorCatalog()
    for path in vendor_files(folder):
        try:
            catalog.vendors.append(load_vendor(path))
        except VendorProfileError as exc:
            catalog.problems.append(str(exc))
    catalog.vendors.sort(key=lambda v: v.name.lower())
    return catalog


def label(value) -> str:
    """Return the reader-facing name of an enum value or string."""
    if isinstance(value, ServiceType):
        return SERVICE_LABELS[value]
    if isinstance(value, Enum):
        return value.value.replace("_", " ").capitalize()
    return str(value)


def labels(values) -> str:
    """Join values as reader-facing names."""
    return ", ".join(label(v) for v in values) or "—"


def filter_options(catalog: VendorCatalog) -> dict[str, list[tuple[str, str]]]:
    """Return (label, value) choices for each filter."""
    return {
        "services": [(SERVICE_LABELS[s], s.value) for s in ServiceType],
        "certifications": [(c, c) for c in sorted({c for v in catalog.vendors for c in v.certifications})],
        "delivery": [(label(d), d.value) for d in DeliveryModel],
        "regions": [(r, r) for r in sorted({r for v in catalog.vendors for r in v.regions})],
    }


def matches(vendor: VendorProfile, services=(), certifications=(), delivery=(), regions=()) -> bool:
    """Return whether a vendor has any of the chosen values of every filter that is set."""
    checks = [
        (services, {s.value for s in vendor.services}),
        (certifications, set(vendor.certifications)),
        (delivery, {d.value for d in vendor.delivery_models}),
        (regions, set(vendor.regions)),
    ]
    return all(not wanted or set(wanted) & have for wanted, have in checks)


def rate(vendor: VendorProfile) -> str:
    """Return the indicative hourly rate range."""
    r = vendor.rate_range
    return f"{r.min_hourly:g}–{r.max_hourly:g} {r.currency}"


def table_row(vendor: VendorProfile) -> list[str]:
    """Return one row of the vendor table."""
    return [
        vendor.name,
        labels(vendor.services),
        labels(vendor.delivery_models),
        ", ".join(vendor.regions),
        labels(vendor.certifications),
        rate(vendor),
        vendor.support_hours,
    ]


def sla_text(vendor: VendorProfile) -> str:
    """Return the SLA targets as one line."""
    sla = vendor.sla
    parts = []
    if sla.availability_percent is not None:
        parts.append(f"{sla.availability_percent:g}% availability")
    if sla.critical_response_minutes is not None:
        parts.append(f"critical response {sla.critical_response_minutes} min")
    if sla.critical_resolution_hours is not None:
        parts.append(f"resolution {sla.critical_resolution_hours:g} h")
    return "; ".join(parts) or "none stated"


COMPARISON_ROWS = [
    ("Summary", lambda v: v.summary),
    ("Services", lambda v: labels(v.services)),
    ("Specialties", lambda v: labels(v.specialties)),
    ("Delivery model", lambda v: labels(v.delivery_models)),
    ("Locations", lambda v: "; ".join(f"{l.city}, {l.country} ({l.timezone})" for l in v.locations)),
    ("Languages", lambda v: labels(v.languages)),
    ("Team size", lambda v: f"about {v.team_size}"),
    ("Certifications", lambda v: labels(v.certifications)),
    ("Industries", lambda v: labels(v.industries)),
    ("Engagement models", lambda v: labels(v.engagement_models)),
    ("Pricing model", lambda v: v.pricing_model),
    ("Rates per hour", rate),
    ("Support hours", lambda v: v.support_hours),
    ("SLA targets", sla_text),
    ("Data residency", lambda v: labels(v.data_residency)),
    ("Strengths", lambda v: labels(v.strengths)),
    ("Known weaknesses or risks", lambda v: labels(v.weaknesses)),
    ("Profile", lambda v: "Sample (illustrative)" if v.sample else "Real vendor data"),
]


def comparison(vendors: list[VendorProfile]) -> tuple[list[str], list[list[str]]]:
    """Return headers and rows comparing vendors side by side, one attribute per row."""
    headers = ["Attribute"] + [v.name for v in vendors]
    return headers, [[name] + [describe(v) for v in vendors] for name, describe in COMPARISON_ROWS]
