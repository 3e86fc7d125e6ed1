"""What the interview answers require of a vendor: hard requirements that filter, soft ones that score."""

from dataclasses import dataclass, field, replace

from assistant.planning.parsing import (
    Budget,
    Compliance,
    Delivery,
    Headcount,
    Languages,
    PerFunction,
    Pricing,
    Residency,
    ServiceLevels,
    Services,
    SupportHours,
    TimeZones,
)
from assistant.planning.vocabulary import offset_label
from assistant.vendors import SERVICE_LABELS, DeliveryModel, ServiceType


def relax_key(key: str, service: ServiceType | None = None) -> str:
    """Return the key a relaxation is saved under: "cert:SOC 2 Type II", or per function "cybersecurity/cert:..."."""
    return f"{service.value}/{key}" if service else key


def relax_label(key: str) -> str:
    """Return a relaxation key in words."""
    scope, _, rest = key.rpartition("/")
    kind, _, name = rest.partition(":")
    words = {"cert": f"{name} mandatory", "residency": "the data location", "hours": "the support hours",
             "delivery": "the ruled-out delivery model"}.get(kind, rest)
    return words + (f" (for {SERVICE_LABELS[ServiceType(scope)]})" if scope else "")


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
    excluded_delivery: tuple[DeliveryModel, ...] = ()
    other_criteria: str = ""
    relaxed: tuple[str, ...] = ()  # relaxation keys applied (hard requirements now preferences)
    # Each function's own requirements where an answer differs per function (hours, SLAs, security, residency).
    by_function: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_interview(cls, interview) -> "Requirements":
        """Collect the requirements from an interview's parsed answers, overall and per function."""
        relaxed = tuple(getattr(interview, "relaxed", ()) or ())
        answers = getattr(interview, "answers", {}) or {}
        criteria = next((answers[q.id] for q in getattr(interview, "questions", ())
                         if q.section == "criteria" and q.id in answers), "")
        need = cls._build(interview.value_of, None, relaxed, criteria)
        functions = {service: cls._build(interview.value_of, service, relaxed, criteria) for service in need.services}
        return replace(need, by_function=functions)

    def for_function(self, service: ServiceType) -> "Requirements":
        """Return what a provider of one function must meet."""
        return self.by_function.get(service) or replace(self, services=(service,), by_function={})

    @classmethod
    def _build(cls, value_of, service: ServiceType | None, relaxed: tuple[str, ...], criteria: str) -> "Requirements":
        def typed(kind, expected):
            value = value_of(kind)
            if isinstance(value, PerFunction):
                value = value.for_function(service) if service else value.default
            return value if isinstance(value, expected) else None

        applies = {k.rpartition("/")[2] for k in relaxed if not k.rpartition("/")[0]
                   or (service and k.rpartition("/")[0] == service.value)}

        services = typed("services", Services)
        compliance = [c for c in (typed("security", Compliance), typed("regulations", Compliance)) if c]
        items = [item for c in compliance for item in c.items]
        mandatory = tuple(dict.fromkeys(i.name for i in items if i.kind == "certification" and i.mandatory
                                        and f"cert:{i.name}" not in applies))
        preferred = tuple(dict.fromkeys(i.name for i in items if i.kind == "certification" and i.name not in mandatory))
        headcount = typed("users", Headcount)
        zones, languages, pricing = typed("timezones", TimeZones), typed("languages", Languages), typed("pricing", Pricing)
        residency, delivery = typed("residency", Residency), typed("delivery", Delivery)
        if residency and "residency" in applies:
            residency = replace(residency, required=False)
        excluded = delivery.excluded if delivery and "delivery" not in applies else ()
        all_services = services.types if services else ()
        return cls(
            services=(service,) if service else all_services,
            excluded_delivery=excluded,
            other_criteria=criteria,
            relaxed=relaxed,
            other_function=services.other if services else None,
            mandatory_certifications=mandatory,
            preferred_certifications=preferred,
            regulations=tuple(dict.fromkeys(i.name for i in items if i.kind == "regulation")),
            residency=residency,
            hours=None if "hours" in applies else typed("hours", SupportHours),
            levels=typed("service_levels", ServiceLevels),
            delivery=delivery,
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
        if self.excluded_delivery:
            criteria.append(f"Does not deliver {' or '.join(m.value for m in self.excluded_delivery)}")
        return criteria

    def function_criteria(self) -> dict[ServiceType, list[str]]:
        """Return, per function, the hard requirements that differ from the common ones."""
        common = set(self.hard_criteria())
        return {service: [c for c in need.hard_criteria() if c not in common and not c.startswith("Provides ")]
                for service, need in self.by_function.items()}

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
