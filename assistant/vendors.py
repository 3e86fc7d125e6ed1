"""Vendor profiles: the schema, loading with clear errors, and rendering to text."""

import re
from enum import Enum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class ServiceType(str, Enum):
    """The five types of IT outsourcing named in the guide."""

    infrastructure = "infrastructure"
    software_development = "software_development"
    it_support = "it_support"
    cybersecurity = "cybersecurity"
    cloud = "cloud"


SERVICE_LABELS = {
    ServiceType.infrastructure: "IT infrastructure",
    ServiceType.software_development: "Software development",
    ServiceType.it_support: "IT support",
    ServiceType.cybersecurity: "Cybersecurity",
    ServiceType.cloud: "Cloud",
}


class DeliveryModel(str, Enum):
    """Where the vendor's team sits relative to the client."""

    onshore = "onshore"
    nearshore = "nearshore"
    offshore = "offshore"


class EngagementModel(str, Enum):
    """How the vendor contracts its work."""

    managed_service = "managed_service"
    dedicated_team = "dedicated_team"
    project_based = "project_based"
    staff_augmentation = "staff_augmentation"


class RateRange(BaseModel):
    """Indicative hourly rate range."""

    model_config = ConfigDict(extra="forbid")

    currency: str = Field(default="USD", min_length=3, max_length=3)
    min_hourly: float = Field(gt=0)
    max_hourly: float = Field(gt=0)

    @field_validator("max_hourly")
    @classmethod
    def _max_not_below_min(cls, value, info):
        """Reject a range whose maximum is below its minimum."""
        low = info.data.get("min_hourly")
        if low is not None and value < low:
            raise ValueError("max_hourly must be at least min_hourly")
        return value


class SlaTargets(BaseModel):
    """Service level targets the vendor commits to."""

    model_config = ConfigDict(extra="forbid")

    availability_percent: float | None = Field(default=None, ge=90, le=100)
    critical_response_minutes: int | None = Field(default=None, gt=0)
    critical_resolution_hours: float | None = Field(default=None, gt=0)


class Location(BaseModel):
    """A delivery centre."""

    model_config = ConfigDict(extra="forbid")

    city: str
    country: str
    region: str = Field(description="North America, Latin America, Europe, Asia-Pacific, Middle East, Africa")
    timezone: str = Field(description="UTC offset such as UTC+1 or UTC-5")


class VendorProfile(BaseModel):
    """A vendor's structured profile (sample data unless a company replaces it)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=2)
    sample: bool = Field(default=True, description="True for the illustrative profiles shipped with the project.")
    summary: str = Field(min_length=20)
    services: list[ServiceType] = Field(min_length=1)
    specialties: list[str] = Field(default_factory=list)
    delivery_models: list[DeliveryModel] = Field(min_length=1)
    locations: list[Location] = Field(min_length=1)
    languages: list[str] = Field(min_length=1)
    team_size: int = Field(gt=0)
    certifications: list[str] = Field(default_factory=list)
    industries: list[str] = Field(default_factory=list)
    engagement_models: list[EngagementModel] = Field(min_length=1)
    pricing_model: str = Field(description="e.g. per user per month, time and materials, fixed price")
    rate_range: RateRange
    support_hours: str = Field(description="24/7, business hours (UTC+1), 8x5, 12x5 ...")
    sla: SlaTargets = Field(default_factory=SlaTargets)
    data_residency: list[str] = Field(default_factory=list, description="Regions where client data can be kept")
    strengths: list[str] = Field(default_factory=list)
    weaknesses: list[str] = Field(default_factory=list, description="Known weaknesses or risks")

    @property
    def regions(self) -> list[str]:
        """Return the distinct regions of the vendor's locations."""
        return sorted({loc.region for loc in self.locations})

    @property
    def timezones(self) -> list[str]:
        """Return the distinct time zones of the vendor's locations."""
        return sorted({loc.timezone for loc in self.locations})

    @property
    def is_24x7(self) -> bool:
        """Return whether the vendor offers round-the-clock support for everything, not only P1 incidents."""
        hours = self.support_hours.lower()
        around_the_clock = "24/7" in hours or "24x7" in hours
        return around_the_clock and not re.search(r"\b(otherwise|only|p1|critical|except)\b", hours)


class VendorProfileError(ValueError):
    """A vendor profile file that cannot be read or does not match the schema."""


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(file)"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def load_vendor(path: Path) -> VendorProfile:
    """Load and validate one vendor profile, raising VendorProfileError with the reason."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise VendorProfileError(f"{path.name}: cannot read vendor profile ({exc})") from exc
    if not isinstance(data, dict):
        raise VendorProfileError(f"{path.name}: a vendor profile must be a mapping of fields")
    try:
        return VendorProfile.model_validate(data)
    except ValidationError as exc:
        raise VendorProfileError(f"{path.name}: invalid vendor profile: {_describe(exc)}") from exc


def vendor_files(folder: Path) -> list[Path]:
    """Return the vendor profile files of a folder, sorted."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


def load_vendors(folder: Path) -> list[VendorProfile]:
    """Load every vendor profile of a folder, failing on the first invalid one."""
    vendors = [load_vendor(path) for path in vendor_files(folder)]
    seen: set[str] = set()
    for vendor in vendors:
        if vendor.id in seen:
            raise VendorProfileError(f"duplicate vendor id {vendor.id!r}")
        seen.add(vendor.id)
    return vendors


def _label(value) -> str:
    if isinstance(value, ServiceType):
        return SERVICE_LABELS[value]
    if isinstance(value, Enum):
        return value.value.replace("_", " ")
    return str(value)


def _join(values) -> str:
    return ", ".join(_label(v) for v in values) if values else "none stated"


def render_vendor(vendor: VendorProfile) -> str:
    """Render a profile as Markdown prose, one section per topic, for embedding and display."""
    sla = vendor.sla
    sla_parts = []
    if sla.availability_percent is not None:
        sla_parts.append(f"{sla.availability_percent:g}% availability")
    if sla.critical_response_minutes is not None:
        sla_parts.append(f"critical incidents answered within {sla.critical_response_minutes} minutes")
    if sla.critical_resolution_hours is not None:
        sla_parts.append(f"resolved within {sla.critical_resolution_hours:g} hours")
    locations = "; ".join(f"{l.city}, {l.country} ({l.region}, {l.timezone})" for l in vendor.locations)
    rate = vendor.rate_range
    sample_note = " (sample profile for illustration)" if vendor.sample else ""
    # Every sentence names the vendor so that a sentence quoted alone still says whose fact it is.
    name = vendor.name
    lines = [
        f"# {name}{sample_note}",
        "",
        "## Overview",
        vendor.summary,
        f"{name} provides these IT outsourcing services: {_join(vendor.services)}.",
        f"{name} specialties: {_join(vendor.specialties)}.",
        f"{name} serves these industries: {_join(vendor.industries)}.",
        "",
        "## Delivery and team",
        f"{name} delivery model: {_join(vendor.delivery_models)}, with a team of about {vendor.team_size} people.",
        f"{name} locations and time zones: {locations}.",
        f"{name} works in these languages: {_join(vendor.languages)}.",
        f"{name} engagement models: {_join(vendor.engagement_models)}.",
        "",
        "## Security, compliance and service levels",
        f"{name} certifications: {_join(vendor.certifications)}.",
        f"{name} data residency options: {_join(vendor.data_residency)}.",
        f"{name} support hours: {vendor.support_hours}.",
        f"{name} SLA targets: {'; '.join(sla_parts) if sla_parts else 'none stated'}.",
        "",
        "## Pricing",
        f"{name} pricing model: {vendor.pricing_model}; indicative rates {rate.min_hourly:g} to "
        f"{rate.max_hourly:g} {rate.currency} per hour.",
        "",
        "## Strengths and risks",
        f"{name} strengths: {_join(vendor.strengths)}.",
        f"{name} known weaknesses or risks: {_join(vendor.weaknesses)}.",
    ]
    return "\n".join(lines) + "\n"


def vendor_metadata(vendor: VendorProfile) -> dict[str, str | int | float | bool]:
    """Return flat metadata for filtering in the vector store (lists become |a|b| strings)."""

    def flat(values) -> str:
        return "|" + "|".join(_label(v) if not isinstance(v, Enum) else v.value for v in values) + "|"

    return {
        "kind": "vendor",
        "vendor_id": vendor.id,
        "vendor_name": vendor.name,
        "services": flat(vendor.services),
        "certifications": flat(vendor.certifications),
        "delivery_models": flat(vendor.delivery_models),
        "regions": flat(vendor.regions),
        "languages": flat(vendor.languages),
        "support_24x7": vendor.is_24x7,
        "min_hourly": vendor.rate_range.min_hourly,
        "max_hourly": vendor.rate_range.max_hourly,
        "currency": vendor.rate_range.currency,
        "team_size": vendor.team_size,
    }
