"""Free-text answers: what is parsed, and what is asked again instead of guessed."""

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


def test_a_budget_says_what_it_does_not_state():
    budget = parse_answer("budget", "about 10k a month")
    assert budget.summary() == "10,000 per month (currency not stated)"
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


@pytest.mark.parametrize(
    "text, milestones, open_points",
    [
        ("in 3 months", ("in 3 months",), 0),
        ("by Q2 2027", ("by Q2 2027",), 0),
        ("start in 3 months, fully live by Q2 2027", ("in 3 months", "by Q2 2027"), 0),
        ("as soon as possible", ("as soon as possible",), 0),
        ("by March 2027", ("by March 2027",), 0),
        ("Q3", ("Q3",), 1),
    ],
)
def test_timelines(text, milestones, open_points):
    timeline = parse_answer("timeline", text)
    assert timeline.milestones == milestones and len(timeline.open_points) == open_points


def test_a_timeline_without_a_date_is_asked_again_and_no_year_is_invented():
    with pytest.raises(ParseError, match="date or duration"):
        parse_answer("timeline", "soonish")
    assert "year" in parse_answer("timeline", "by Q2").open_points[0]
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
