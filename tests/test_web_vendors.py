"""The vendor explorer's logic: loading, filters, comparison, and the handlers around them."""

from types import SimpleNamespace

import yaml

from assistant.settings import Settings
from assistant.vendor_table import COMPARISON_ROWS, comparison, filter_options, load_catalog, matches, table_row
from assistant.web.vendors_tab import VendorHandlers


def test_catalog_skips_invalid_profiles_with_a_reason(knowledge_dir):
    (knowledge_dir / "vendors" / "broken.yaml").write_text("id: Not Valid\nname: X\n")
    catalog = load_catalog(knowledge_dir / "vendors")
    assert [v.name for v in catalog.vendors] == ["Harbor Secure", "Lotus Helpdesk", "Nimbus Cloudworks"]
    assert len(catalog.problems) == 1 and "broken.yaml" in catalog.problems[0]


def test_filters_combine_with_and_across_and_or_within(knowledge_dir):
    catalog = load_catalog(knowledge_dir / "vendors")
    options = filter_options(catalog)
    assert ("Cybersecurity", "cybersecurity") in options["services"]
    assert [c for c, _ in options["certifications"]] == ["ISO 27001", "SOC 2 Type II"]
    assert ("Europe", "Europe") in options["regions"] and ("Offshore", "offshore") in options["delivery"]

    def names(**filters):
        return [v.name for v in catalog.vendors if matches(v, **filters)]

    assert names() == ["Harbor Secure", "Lotus Helpdesk", "Nimbus Cloudworks"]
    assert names(services=["cloud", "it_support"]) == ["Lotus Helpdesk", "Nimbus Cloudworks"]
    assert names(services=["cloud", "it_support"], certifications=["ISO 27001"]) == ["Nimbus Cloudworks"]
    assert names(delivery=["onshore"], regions=["North America"]) == ["Harbor Secure"]
    assert names(regions=["Africa"]) == []


def test_table_rows_and_side_by_side(knowledge_dir):
    catalog = load_catalog(knowledge_dir / "vendors")
    harbor, lotus = catalog.by_name(["Harbor Secure", "Lotus Helpdesk"])
    assert table_row(harbor)[:3] == ["Harbor Secure", "Cybersecurity", "Onshore"]
    assert table_row(harbor)[5] == "90–150 USD"
    headers, rows = comparison([harbor, lotus])
    assert headers == ["Attribute", "Harbor Secure", "Lotus Helpdesk"]
    assert len(rows) == len(COMPARISON_ROWS) and all(len(r) == 3 for r in rows)
    by_attribute = {r[0]: r[1:] for r in rows}
    assert by_attribute["Certifications"] == ["SOC 2 Type II, ISO 27001", "—"]
    assert by_attribute["SLA targets"][0] == "99.9% availability; critical response 15 min"


def test_handlers_filter_pick_and_compare(knowledge_dir, isolated_env):
    handlers = VendorHandlers(Settings(knowledge_dir=knowledge_dir))
    rows, count = handlers.filter(["cybersecurity"], [], [], [])
    assert [r[0] for r in rows] == ["Harbor Secure"] and count == "1 of 3 vendor profiles match."
    assert handlers.filter([], [], [], ["Antarctica"])[1] == "No vendor matches every filter."
    picked = handlers.pick([], SimpleNamespace(row_value=["Harbor Secure"]))
    picked = handlers.pick(picked, SimpleNamespace(row_value=["Lotus Helpdesk"]))
    picked = handlers.pick(picked, SimpleNamespace(row_value=["Lotus Helpdesk"]))
    assert picked == ["Harbor Secure", "Lotus Helpdesk"]
    assert handlers.pick(picked + ["Nimbus Cloudworks"], SimpleNamespace(row_value=["X"])) == \
        ["Lotus Helpdesk", "Nimbus Cloudworks", "X"]
    table, hint = handlers.compare(["Harbor Secure"])
    assert table["visible"] is False and "two or three" in hint
    table, hint = handlers.compare(picked)
    assert table["visible"] is True and table["value"]["headers"][1:] == picked and hint == ""


def test_edited_profiles_show_up_without_restart(knowledge_dir, vendor_profile, isolated_env):
    handlers = VendorHandlers(Settings(knowledge_dir=knowledge_dir))
    path = knowledge_dir / "vendors" / "new-one.yaml"
    path.write_text(yaml.safe_dump(vendor_profile("new-one", name="New One")))
    assert "New One" in [r[0] for r in handlers.filter([], [], [], [])[0]]
