"""Free-text answers: what is parsed, and what is asked again instead of guessed."""

from datetime import date

import pytest

from assistant.planning.parsing import ParseError, parse_answer
from assistant.vendors import DeliveryModel, ServiceType


@pytest.mark.parametrize(
    "text, low, high, currency, period",
    [
        ("about 10k a month", 10_000, 10_000, None, "month"),
        ("€120,000 per year", 120_000, 120_000, "EUR", "year"),
        ("8-12k EUR per month", 8_000, 12_000, "EUR", "month"),
        ("between 8k and 12k monthly", 8_000, 12_000, None, "month"),
        ("10k a month for 50 users", 10_000, 10_000, None, "month"),
        ("1.5m in total", 1_500_000, 1_500_000, None, "total"),
        ("$50/h at most", 50, 50, "USD", "hour"),
        ("10.000 GBP a year", 10_000, 10_000, "GBP", "year"),
    ],
)
def test_budgets_are_read_with_suffixes_ranges_currencies_and_periods(text, low, high, currency, period):
    budget = parse_answer("budget", text)
    assert (budget.low, budget.high, budget.currency, budget.period) == (low, high, currency, period)


def test_a_past_date_is_flagged_against_the_drafts_date():
    timeline = parse_answer("timeline", "by March 2025", today=DRAFT_DATE)
    assert timeline.milestones == ("by March 2025",)
    assert timeline.open_points == ("March 2025 is before the draft's date (2 December 2026); check the date.",)
    assert parse_answer("timeline", "by March 2027", today=DRAFT_DATE).open_points == ()


def test_an_open_question_names_the_period_without_its_lead_word():
    timeline = parse_answer("timeline", "by end of January", today=DRAFT_DATE)
    assert timeline.milestones == ("by end of January 2027",)
    assert timeline.open_points[0].startswith("The year of end of January is not stated; I read it as end of January 2027")
    assert "of by" not in " ".join(timeline.open_points)


def test_number_words_and_grand_are_read_and_qualifiers_kept():
    budget = parse_answer("budget", "around eighty grand a year, maybe a bit more")
    assert (budget.low, budget.high, budget.period, budget.approximate, budget.bound) == (80000, 80000, "year", True,
                                                                                         "may_exceed")
    assert budget.summary().startswith("about 80,000 per year, possibly more (“a bit more”)")
    assert any("state the most you could pay" in p for p in budget.open_points())
    assert parse_answer("budget", "two hundred and fifty thousand euros in total").high == 250000
    assert parse_answer("budget", "up to 1.5m USD a year").summary() == "up to 1,500,000 USD per year"


def test_a_budget_says_what_it_does_not_state():
    budget = parse_answer("budget", "about 10k a month")
    assert budget.summary() == "about 10,000 per month (currency not stated)"
    assert budget.open_points() == ["The budget's currency is not stated."]


def test_a_price_per_user_keeps_its_unit():
    budget = parse_answer("budget", "15 USD per user per month")
    assert (budget.high, budget.unit, budget.period) == (15, "user", "month")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("we don't know yet", "could not find an amount"),
        ("10k now and 15k next year", "several amounts"),
        ("8k EUR - 12k USD a month", "more than one currency"),
    ],
)
def test_budgets_that_cannot_be_read_are_asked_again(text, expected):
    with pytest.raises(ParseError, match=expected):
        parse_answer("budget", text)


@pytest.mark.parametrize(
    "text, per_day, days, round_the_clock, critical",
    [
        ("24/7", 24, 7, True, False),
        ("we need round-the-clock cover", 24, 7, True, False),
        ("8x5", 8, 5, False, False),
        ("Mon-Fri 8:00-18:00", 10, 5, False, False),
        ("9-5 on weekdays", 8, 5, False, False),
        ("business hours", None, 5, False, False),
        ("24/7 for critical incidents, otherwise 8x5", 8, 5, False, True),
    ],
)
def test_support_hours(text, per_day, days, round_the_clock, critical):
    hours = parse_answer("hours", text)
    assert (hours.hours_per_day, hours.days_per_week) == (per_day, days)
    assert hours.round_the_clock is round_the_clock and hours.critical_24x7 is critical


def test_support_hours_that_cannot_be_read_are_asked_again():
    with pytest.raises(ParseError, match="24/7"):
        parse_answer("hours", "whenever it suits them")


@pytest.mark.parametrize(
    "text, response, resolution, availability",
    [
        ("respond within 15 minutes, resolve within 4 hours", 15, 240, None),
        ("15 min response and 4h resolution", 15, 240, None),
        ("critical tickets answered within half an hour, fixed within a day, 99.9% uptime", 30, 1440, 99.9),
        ("no targets yet", None, None, None),
    ],
)
def test_response_and_resolution_targets(text, response, resolution, availability):
    levels = parse_answer("service_levels", text)
    assert (levels.response_minutes, levels.resolution_minutes, levels.availability_percent) == (
        response, resolution, availability)


def test_a_duration_without_response_or_resolution_is_not_guessed():
    with pytest.raises(ParseError, match="response or a resolution"):
        parse_answer("service_levels", "4h")


def test_regulations_and_certifications_with_what_is_mandatory():
    compliance = parse_answer("regulations", "GDPR and HIPAA apply; PCI-DSS is mandatory, ISO27001 would be nice")
    items = {i.name: (i.kind, i.mandatory) for i in compliance.items}
    assert items == {
        "GDPR": ("regulation", False),
        "HIPAA": ("regulation", False),
        "PCI DSS": ("certification", True),
        "ISO 27001": ("certification", False),
    }
    assert {i.name for i in parse_answer("regulations", "Sarbanes-Oxley, SOC2").items} == {"SOX", "SOC 2 Type II"}


def test_no_regulation_is_a_valid_answer_but_an_unknown_one_is_asked_again():
    assert parse_answer("regulations", "none").items == ()
    with pytest.raises(ParseError, match="GDPR, HIPAA"):
        parse_answer("regulations", "the usual rules")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("our helpdesk", {ServiceType.it_support}),
        ("service desk and laptop support", {ServiceType.it_support}),
        ("servers and the office network", {ServiceType.infrastructure}),
        ("a new customer app and our website", {ServiceType.software_development}),
        ("a SOC and yearly pen tests", {ServiceType.cybersecurity}),
        ("move hosting and backup to AWS", {ServiceType.cloud}),
    ],
)
def test_service_types_from_everyday_words(text, expected):
    assert set(parse_answer("services", text).types) == expected


def test_another_function_is_kept_in_the_users_words():
    services = parse_answer("services", "other: payroll system maintenance")
    assert services.types == () and services.other == "payroll system maintenance"
    with pytest.raises(ParseError, match="five types"):
        parse_answer("services", "the thing we talked about")


def test_user_counts():
    assert parse_answer("users", "about 250 users at 3 sites").summary() == "250 users at 3 sites"
    assert parse_answer("users", "1.2k employees").users == 1200
    assert parse_answer("users", "around 40").users == 40
    with pytest.raises(ParseError, match="number of users"):
        parse_answer("users", "a few hundred")


DRAFT_DATE = date(2026, 12, 2)


@pytest.mark.parametrize(
    "text, milestones, open_points",
    [
        ("in 3 months", ("in 3 months (around March 2027)",), 0),
        ("by Q2 2027", ("by Q2 2027",), 0),
        ("start in 3 months, fully live by Q2 2027", ("in 3 months (around March 2027)", "by Q2 2027"), 0),
        ("as soon as possible", ("as soon as possible",), 0),
        ("by March 2027", ("by March 2027",), 0),
        ("Q3", ("Q3 2027",), 1),
        ("start in Q2 next year", ("Q2 2027",), 0),
        ("in three months", ("in 3 months (around March 2027)",), 0),
        ("go live in the first quarter of next year", ("Q1 2027",), 0),
    ],
)
def test_timelines_resolve_against_the_drafts_date(text, milestones, open_points):
    timeline = parse_answer("timeline", text, today=DRAFT_DATE)
    assert timeline.milestones == milestones and len(timeline.open_points) == open_points


def test_a_timeline_without_a_date_is_asked_again_and_an_inferred_year_is_asked_back():
    with pytest.raises(ParseError, match="date or duration"):
        parse_answer("timeline", "soonish")
    point = parse_answer("timeline", "by Q2", today=DRAFT_DATE).open_points[0]
    assert "The year of Q2 is not stated; I read it as Q2 2027" in point
    with pytest.raises(ParseError, match="how many months"):
        parse_answer("timeline", "in a few months")


def test_time_zones_languages_delivery_and_residency():
    assert parse_answer("timezones", "CET and UTC+5:30").summary() == "UTC+1, UTC+5:30"
    assert parse_answer("timezones", "New York").offsets == (-5,)
    with pytest.raises(ParseError, match="several zones"):
        parse_answer("timezones", "somewhere in the US")
    assert parse_answer("languages", "German, and English please").names == ("German", "English")
    delivery = parse_answer("delivery", "remote, nearshore preferred")
    assert delivery.work_location == "remote" and delivery.models == (DeliveryModel.nearshore,)
    assert parse_answer("delivery", "no preference").summary() == "no preference"
    residency = parse_answer("residency", "must stay in the EU")
    assert residency.places == ("EU",) and residency.required
    assert not parse_answer("residency", "ideally Germany").required
    assert parse_answer("residency", "no requirement").places == ()


def test_an_empty_answer_is_asked_again():
    with pytest.raises(ParseError, match="did not get an answer"):
        parse_answer("text", "   ")


def test_a_ruled_out_delivery_model_is_kept_as_an_exclusion_with_its_reason():
    delivery = parse_answer("delivery", "nearshore or onshore preferred, no offshore for security")
    assert delivery.models == (DeliveryModel.nearshore, DeliveryModel.onshore)
    assert delivery.excluded == (DeliveryModel.offshore,)
    assert "no offshore delivery (“no offshore for security”)" in delivery.summary()
    assert parse_answer("delivery", "offshore is a no-go, remote nearshore team").excluded == (DeliveryModel.offshore,)


def test_a_function_tendered_separately_stays_out_of_scope():
    services = parse_answer("services", "security monitoring only (we'll tender the helpdesk separately)")
    assert services.types == (ServiceType.cybersecurity,)
    assert services.excluded == (ServiceType.it_support,)
    assert "not in scope: IT support: “we'll tender the helpdesk separately”" in services.summary()
    assert parse_answer("services", "the helpdesk, not the network").types == (ServiceType.it_support,)
    with pytest.raises(ParseError, match="no function is left"):
        parse_answer("services", "we keep the helpdesk in-house")


def test_support_hours_can_differ_per_function():
    hours = parse_answer("hours", "helpdesk weekdays 7 to 7, monitoring 24/7")
    desk, soc = hours.for_function(ServiceType.it_support), hours.for_function(ServiceType.cybersecurity)
    assert (desk.hours_per_day, desk.days_per_week, desk.round_the_clock) == (12, 5, False)
    assert soc.round_the_clock
    assert hours.summary() == "IT support: 07:00-19:00, Monday to Friday; Cybersecurity: 24/7"
    # Without a function named, the answer applies to everything as before.
    assert parse_answer("hours", "24/7 for critical incidents, otherwise business hours").critical_24x7


def test_a_certification_can_be_mandatory_for_one_function_only():
    security = parse_answer("security", "ISO 27001 for everyone, SOC 2 mandatory for the monitoring provider")
    soc = {i.name: i.mandatory for i in security.for_function(ServiceType.cybersecurity).items}
    desk = {i.name: i.mandatory for i in security.for_function(ServiceType.it_support).items}
    assert soc == {"ISO 27001": False, "SOC 2 Type II": True}
    assert desk == {"ISO 27001": False}


def test_a_certification_said_not_to_be_needed_is_not_required():
    security = parse_answer("security", "ISO 27001 is mandatory; no need for SOC 2")
    assert [i.name for i in security.items] == ["ISO 27001"] and security.ruled_out == ("SOC 2 Type II",)


@pytest.mark.parametrize(
    "text, in_scope, out_of_scope",
    [
        ("not only the helpdesk but also the SOC", {ServiceType.it_support, ServiceType.cybersecurity}, set()),
        ("we keep the helpdesk in-house, outsource the SOC", {ServiceType.cybersecurity}, {ServiceType.it_support}),
        ("our in-house team is overloaded, outsource the helpdesk", {ServiceType.it_support}, set()),
        ("just the SOC; our helpdesk stays in-house", {ServiceType.cybersecurity}, {ServiceType.it_support}),
        ("cloud hosting and backups but not the development work", {ServiceType.cloud},
         {ServiceType.software_development}),
        ("keep the helpdesk running with a provider", {ServiceType.it_support}, set()),
    ],
)
def test_scope_words_in_other_wordings(text, in_scope, out_of_scope):
    services = parse_answer("services", text)
    assert set(services.types) == in_scope and set(services.excluded) == out_of_scope


@pytest.mark.parametrize(
    "text, wanted, ruled_out",
    [
        ("no preference between onshore and nearshore", {"onshore", "nearshore"}, set()),
        ("no problem with offshore", {"offshore"}, set()),
        ("onshore only, offshore is not acceptable", {"onshore"}, {"offshore"}),
        ("we'd rather not go offshore", set(), {"offshore"}),
    ],
)
def test_negation_in_other_wordings(text, wanted, ruled_out):
    delivery = parse_answer("delivery", text)
    assert {m.value for m in delivery.models} == wanted and {m.value for m in delivery.excluded} == ruled_out


@pytest.mark.parametrize(
    "text, desk, soc",
    [
        ("Service desk Mon-Fri 8-18 and SOC round the clock", "08:00-18:00, Monday to Friday", "24/7"),
        ("business hours for the helpdesk; the SOC needs 24/7", "business hours", "24/7"),
        ("helpdesk weekdays seven to seven, monitoring twenty-four seven", "07:00-19:00, Monday to Friday", "24/7"),
    ],
)
def test_per_function_hours_in_other_wordings(text, desk, soc):
    hours = parse_answer("hours", text)
    assert hours.for_function(ServiceType.it_support).label == desk
    assert hours.for_function(ServiceType.cybersecurity).label == soc


def test_number_words_do_not_invent_figures():
    with pytest.raises(ParseError, match="number of users"):
        parse_answer("users", "a few hundred")
    assert parse_answer("users", "two hundred users at four sites").summary() == "200 users at 4 sites"
    assert parse_answer("service_levels", "respond within fifteen minutes").response_minutes == 15
