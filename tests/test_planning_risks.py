"""The risk catalogue (read strictly from the knowledge base) and the risk register."""

import pytest

from assistant.planning.risks import (
    RiskCatalogueError,
    RiskError,
    RiskRegister,
    apply_risk_changes,
    entry_from,
    load_catalogue,
    parse_catalogue,
)
from assistant.settings import PROJECT_ROOT
from assistant.vendors import ServiceType

GOOD = """# Risks

> Written by the assistant team to complement the guide.

## Loss of control

Category: Governance
Applies to: all
Source: guide Q&A

The company loses sight of the process.

Mitigation: Keep an internal owner.

## Vendor lock-in

Category: Strategic
Applies to: cloud, IT infrastructure
Source: assistant team

Moving away gets expensive.

Mitigation: Prefer open standards.
"""


def test_the_shipped_catalogue_has_the_guides_four_risks_and_type_specific_ones():
    catalogue = load_catalogue(PROJECT_ROOT / "knowledge")
    text = (PROJECT_ROOT / "knowledge" / "practices" / "outsourcing-risks-and-mitigations.md").read_text()
    assert "Written by the assistant team to complement the guide" in text.splitlines()[2]
    assert 12 <= len(catalogue.risks) <= 15
    from_guide = [r.name for r in catalogue.risks if r.source == "guide Q&A"]
    assert from_guide == ["Loss of control", "Dependence on the provider's service quality",
                          "Data confidentiality and security", "Cultural and time-zone differences"]
    assert all(r.mitigation and r.description for r in catalogue.risks)
    for service in ServiceType:
        specific = [r for r in catalogue.risks if r.applies_to and service in r.applies_to]
        assert specific, f"no risk specific to {service.value}"
    cloud = {r.name for r in catalogue.for_services([ServiceType.cloud])}
    assert {"Vendor lock-in", "Data residency and jurisdiction", "Loss of control"} <= cloud
    assert "Intellectual property ownership" not in cloud


def test_a_catalogue_that_breaks_the_format_is_rejected_with_the_reason():
    catalogue = parse_catalogue(GOOD)
    assert catalogue.risks[1].applies_to == {ServiceType.cloud, ServiceType.infrastructure}
    with pytest.raises(RiskCatalogueError, match="risk 'Loss of control': missing Mitigation"):
        parse_catalogue(GOOD.replace("Mitigation: Keep an internal owner.", ""))
    with pytest.raises(RiskCatalogueError, match="unknown type 'mainframes'"):
        parse_catalogue(GOOD.replace("cloud, IT infrastructure", "cloud, mainframes"))
    with pytest.raises(RiskCatalogueError, match="Source must be one of"):
        parse_catalogue(GOOD.replace("Source: guide Q&A", "Source: a blog"))
    with pytest.raises(RiskCatalogueError, match="paragraph describing the risk"):
        parse_catalogue(GOOD.replace("Moving away gets expensive.", ""))
    with pytest.raises(RiskCatalogueError, match="cannot read the risk catalogue"):
        load_catalogue(PROJECT_ROOT / "no-such-knowledge-dir")


@pytest.fixture
def register() -> RiskRegister:
    catalogue = parse_catalogue(GOOD)
    register = RiskRegister()
    register.sync([entry_from(r, catalogue) for r in catalogue.risks])
    return register


def test_the_register_scores_edits_removes_and_adds(register):
    assert [e.score for e in register.entries] == [9, 9]
    register.rate("vendor-lock-in", "4", 5)
    assert register.get("vendor-lock-in").score == 20 and register.get("vendor-lock-in").rated
    register.edit("loss-of-control", mitigation="Monthly reviews", owner="CIO")
    added = register.add("Provider goes bankrupt", category="Financial", likelihood=1, impact=5)
    assert [e.id for e in register.ranked()] == ["vendor-lock-in", "loss-of-control", "provider-goes-bankrupt"]
    assert added.origin == "user" and added.score == 5
    register.remove("loss-of-control")
    assert [e.id for e in register.entries] == ["vendor-lock-in", "provider-goes-bankrupt"]


def test_a_removed_proposal_is_not_proposed_again_but_untouched_ones_follow_the_services(register):
    catalogue = parse_catalogue(GOOD)
    register.remove("loss-of-control")
    register.sync([entry_from(r, catalogue) for r in catalogue.risks])
    assert [e.id for e in register.entries] == ["vendor-lock-in"]
    register.sync([])  # the chosen services no longer include cloud or infrastructure
    assert register.entries == []


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda r: r.rate("vendor-lock-in", 6, 1), "likelihood must be a whole number from 1 to 5"),
        (lambda r: r.rate("vendor-lock-in", 2, "high"), "impact must be a whole number from 1 to 5"),
        (lambda r: r.edit("nope", owner="x"), "no risk 'nope'"),
        (lambda r: r.edit("vendor-lock-in", score=3), "cannot change score"),
        (lambda r: r.add(" "), "needs a name"),
    ],
)
def test_bad_register_changes_are_clear_errors(register, call, message):
    with pytest.raises(RiskError, match=message):
        call(register)


def test_risk_changes_from_an_answers_file(register):
    apply_risk_changes(register, [
        {"id": "vendor-lock-in", "likelihood": 4, "impact": 4, "owner": "CTO"},
        {"id": "loss-of-control", "remove": True},
        {"risk": "Licence audit", "category": "Legal", "likelihood": 2, "impact": 3},
    ])
    assert [(e.id, e.score) for e in register.entries] == [("vendor-lock-in", 16), ("licence-audit", 6)]
    with pytest.raises(RiskError, match="risks item 1: .*likelihood must be"):
        apply_risk_changes(register, [{"id": "vendor-lock-in", "likelihood": 9}])
    with pytest.raises(RiskError, match="risks item 1: colour: Extra inputs are not permitted"):
        apply_risk_changes(register, [{"id": "vendor-lock-in", "colour": "red"}])
    with pytest.raises(RiskError, match='give "id"'):
        apply_risk_changes(register, [{"likelihood": 2}])
