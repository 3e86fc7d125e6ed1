"""Shortlist ranking on vendor profiles built for the test: hard requirements filter, soft ones score."""

import pytest

from assistant.planning.parsing import parse_answer
from assistant.planning.requirements import Requirements
from assistant.planning.shortlist import rank_vendors
from assistant.vendors import VendorProfile

EUROPE = {"city": "Vienna", "country": "Austria", "region": "Europe", "timezone": "UTC+1"}
MANILA = {"city": "Manila", "country": "Philippines", "region": "Asia-Pacific", "timezone": "UTC+8"}


@pytest.fixture
def desk(vendor_profile):
    """Factory of IT support vendor profiles that meet the hard requirements unless told otherwise."""

    def build(vendor_id: str, **fields) -> VendorProfile:
        base = dict(name=vendor_id.replace("-", " ").title(), services=["it_support"], support_hours="24/7",
                    certifications=["ISO 27001"], data_residency=["EU"], languages=["English"], locations=[MANILA],
                    delivery_models=["offshore"], pricing_model="time and materials",
                    rate_range={"currency": "EUR", "min_hourly": 40, "max_hourly": 80})
        return VendorProfile.model_validate(vendor_profile(vendor_id, **(base | fields)))

    return build


def need(**answers) -> Requirements:
    """Return requirements from answers given by parser kind."""
    values = {kind: parse_answer(kind, text) for kind, text in answers.items()}

    class Answers:
        def value_of(self, kind):
            return values.get(kind)

    return Requirements.from_interview(Answers())


HELPDESK = dict(services="our helpdesk", hours="24/7", security="ISO 27001 is mandatory", residency="EU only")


def test_a_vendor_lacking_a_hard_requirement_never_appears(desk):
    # Each of these is the best match on every soft preference but misses one hard requirement.
    perfect = dict(languages=["German", "English"], locations=[EUROPE], rate_range={"currency": "EUR",
                   "min_hourly": 20, "max_hourly": 30}, delivery_models=["nearshore"])
    vendors = [
        desk("business-hours-only", support_hours="Business hours 8:00-18:00 CET, Monday-Friday", **perfect),
        desk("no-iso", certifications=["ISO 9001"], **perfect),
        desk("us-data", data_residency=["US"], **perfect),
        desk("developers", services=["software_development"], **perfect),
        desk("plain-desk"),
    ]
    shortlist = rank_vendors(need(**HELPDESK, languages="German", timezones="CET", budget="10k EUR a month"), vendors)
    assert [f.vendor_id for f in shortlist.fits] == ["plain-desk"]
    reasons = {ex.vendor_id: " ".join(ex.reasons) for ex in shortlist.excluded}
    assert "24/7" in reasons["business-hours-only"]
    assert "does not hold ISO 27001" in reasons["no-iso"]
    assert "cannot keep data in EU" in reasons["us-data"]
    # A profile offering none of the functions is counted, not listed among the rejections.
    assert "developers" not in reasons and shortlist.unrelated == 1


def test_the_best_fit_comes_first_with_reasons_gaps_and_a_citation(desk):
    vendors = [
        desk("far-and-dear", rate_range={"currency": "EUR", "min_hourly": 90, "max_hourly": 140}),
        desk("close-and-fair", languages=["German", "English"], locations=[EUROPE], delivery_models=["nearshore"],
             data_residency=["Germany"], rate_range={"currency": "EUR", "min_hourly": 35, "max_hourly": 55}),
        desk("middle", languages=["German", "English"]),
    ]
    requirements = need(**HELPDESK, languages="German and English", timezones="CET", budget="10k EUR a month",
                        delivery="nearshore")
    shortlist = rank_vendors(requirements, vendors)
    assert [f.vendor_id for f in shortlist.fits] == ["close-and-fair", "middle", "far-and-dear"]
    best, worst = shortlist.fits[0], shortlist.fits[-1]
    assert best.score == 100 and not best.gaps
    assert "Can keep data in EU (offers Germany)" in best.reasons
    assert any("German" in r for r in best.reasons) and any("8 of 8 working hours" in r for r in best.reasons)
    assert any("above the budget" in g for g in worst.gaps) and any("German" in g for g in worst.gaps)
    assert best.citation == "vendor profile “Close And Fair” (id close-and-fair, sample data)"


def test_budget_comparison_states_its_yardstick_and_does_not_mix_currencies(desk):
    vendors = [desk("in-dollars", rate_range={"currency": "USD", "min_hourly": 20, "max_hourly": 30})]
    fit = rank_vendors(need(**HELPDESK, budget="10k EUR a month"), vendors).fits[0]
    assert any("compare after conversion" in g for g in fit.gaps)
    fit = rank_vendors(need(**HELPDESK, budget="about 10k a month"), vendors).fits[0]
    assert any("one full-time person (160 h)" in r and "currency not stated" in r for r in fit.reasons)


def test_critical_only_cover_accepts_vendors_with_24_7_for_p1(desk):
    vendors = [desk("p1-desk", support_hours="24/7 for P1 incidents, otherwise 8x5"),
               desk("day-desk", support_hours="8x5")]
    requirements = need(services="helpdesk", hours="24/7 for critical incidents, otherwise business hours")
    shortlist = rank_vendors(requirements, vendors)
    assert [f.vendor_id for f in shortlist.fits] == ["p1-desk"]
    strict = rank_vendors(need(services="helpdesk", hours="24/7"), vendors)
    assert strict.fits == []


def test_certifications_match_their_usual_spellings(desk):
    vendors = [desk("soc-desk", certifications=["SOC 2 Type II", "ISO 27001"])]
    shortlist = rank_vendors(need(services="helpdesk", security="SOC2 is required"), vendors)
    assert [f.vendor_id for f in shortlist.fits] == ["soc-desk"]
    assert "Holds SOC 2 Type II" in shortlist.fits[0].reasons
