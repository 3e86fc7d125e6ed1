"""What the interview answers require of a vendor: hard requirements that filter, soft ones that score."""

from dataclasses import dataclass

from assistant.planning.parsing import (
    Budget,
    Compliance,
    Delivery,
    Headcount,
    Languages,
    Pricing,
    Residency,
    ServiceLevels,
    Services,
    SupportHours,
    TimeZones,
)
from assistant.planning.vocabulary import offset_label
from assistant.vendors import SERVICE_LABELS, ServiceType


@dataclass(frozen=True)
class Requirements:
    """The vendor-relevant needs read from the answers; empty fields mean "no requirement"."""

    services: tuple[ServiceType, ...] = ()
    other_function: str | None = None
    mandatory_certifications: tuple[str, ...] = ()
    preferred_certifications: tuple[str, ...] = ()
    regulations: tuple[str, ...] = ()
    residency: Residency | None = None
    hours: SupportHours | None = None
    levels: ServiceLevels | None = None
    delivery: Delivery | None = None
    timezones: tuple[float, ...] = ()
    languages: tuple[str, ...] = ()
    budget: Budget | None = None
    users: int | None = None
    pricing: tuple[str, ...] = ()

    @classmethod
    def from_interview(cls, interview) -> "Requirements":
        """Collect the requirements from an interview's parsed answers."""

        def typed(kind, expected):
            value = interview.value_of(kind)
            return value if isinstance(value, expected) else None

        services = typed("services", Services)
        compliance = [c for c in (typed("security", Compliance), typed("regulations", Compliance)) if c]
        items = [item for c in compliance for item in c.items]
        mandatory = tuple(dict.fromkeys(i.name for i in items if i.kind == "certification" and i.mandatory))
        preferred = tuple(dict.fromkeys(i.name for i in items if i.kind == "certification" and i.name not in mandatory))
        headcount = typed("users", Headcount)
        zones, languages, pricing = typed("timezones", TimeZones), typed("languages", Languages), typed("pricing", Pricing)
        return cls(
            services=services.types if services else (),
            other_function=services.other if services else None,
            mandatory_certifications=mandatory,
            preferred_certifications=preferred,
            regulations=tuple(dict.fromkeys(i.name for i in items if i.kind == "regulation")),
            residency=typed("residency", Residency),
            hours=typed("hours", SupportHours),
            levels=typed("service_levels", ServiceLevels),
            delivery=typed("delivery", Delivery),
            timezones=zones.offsets if zones else (),
            languages=languages.names if languages else (),
            budget=typed("budget", Budget),
            users=headcount.users if headcount else None,
            pricing=pricing.models if pricing else (),
        )

    @property
    def needs_round_the_clock(self) -> bool:
        """Return whether every request must be covered 24/7."""
        return bool(self.hours and self.hours.round_the_clock)

    @property
    def needs_critical_cover(self) -> bool:
        """Return whether critical issues (only) must be covered 24/7."""
        return bool(self.hours and self.hours.critical_24x7)

    def hard_criteria(self) -> list[str]:
        """Return the requirements every vendor must meet, in words."""
        criteria = [f"Provides {SERVICE_LABELS[s]}" for s in self.services]
        criteria += [f"Holds {c}" for c in self.mandatory_certifications]
        if self.residency and self.residency.places and self.residency.required:
            criteria.append(f"Can keep data in {' or '.join(self.residency.places)}")
        if self.needs_round_the_clock:
            criteria.append("Offers 24/7 support")
        elif self.needs_critical_cover:
            criteria.append("Offers 24/7 cover for critical issues")
        return criteria

    def soft_criteria(self) -> list[str]:
        """Return the preferences that rank vendors, in words."""
        criteria = []
        if self.languages:
            criteria.append(f"Speaks {', '.join(self.languages)}")
        if self.timezones:
            criteria.append(f"Working hours overlap with {', '.join(offset_label(o) for o in self.timezones)}")
        if self.budget:
            criteria.append(f"Rates fit the budget: {self.budget.summary()}")
        if self.levels and self.levels != ServiceLevels():
            criteria.append(f"Service levels meet the targets: {self.levels.summary()}")
        if self.delivery and self.delivery.models:
            criteria.append(f"Offers {' or '.join(m.value for m in self.delivery.models)} delivery")
        if self.pricing:
            criteria.append(f"Offers {' or '.join(self.pricing)} pricing")
        if self.preferred_certifications:
            criteria.append(f"Holds {', '.join(self.preferred_certifications)}")
        if self.regulations:
            criteria.append(f"Shows experience with {', '.join(self.regulations)}")
        if self.residency and self.residency.places and not self.residency.required:
            criteria.append(f"Can keep data in {' or '.join(self.residency.places)}")
        return criteria
