"""Vendor profiles: the pydantic schema, clear errors naming file and field, rendering and metadata."""

import pytest
import yaml

from assistant.knowledge.ingest import ingest
from assistant.knowledge.store import Store
from assistant.settings import PROJECT_ROOT
from assistant.vendors import (
    ServiceType,
    VendorProfile,
    VendorProfileError,
    load_vendor,
    load_vendors,
    render_vendor,
    vendor_files,
    vendor_metadata,
)

REAL_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"


def write(tmp_path, data, name="acme.yaml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def test_valid_profile_loads(tmp_path, vendor_profile):
    vendor = load_vendor(write(tmp_path, vendor_profile()))
    assert vendor.id == "harbor-secure" and vendor.services == [ServiceType.cybersecurity]
    assert vendor.is_24x7 and vendor.regions == ["North America"]


def test_every_shipped_sample_profile_is_valid():
    vendors = load_vendors(REAL_KNOWLEDGE_DIR / "vendors")
    assert len(vendors) == 18
    assert all(v.sample for v in vendors)
    assert len({v.id for v in vendors}) == 18
    # File names and ids agree, so a reader can find the profile behind an answer.
    assert sorted(p.stem for p in vendor_files(REAL_KNOWLEDGE_DIR / "vendors")) == sorted(v.id for v in vendors)


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"services": ["cybersecurity", "blockchain"]}, "services.1", "infrastructure"),
        ({"delivery_models": ["on the moon"]}, "delivery_models.0", "onshore"),
        ({"engagement_models": ["freelance"]}, "engagement_models.0", "managed_service"),
        ({"rate_range": {"currency": "USD", "min_hourly": 120, "max_hourly": 80}}, "rate_range.max_hourly",
         "max_hourly must be at least min_hourly"),
        ({"rate_range": {"currency": "USD", "min_hourly": -5, "max_hourly": 80}}, "rate_range.min_hourly",
         "greater than 0"),
        ({"team_size": "a lot"}, "team_size", "integer"),
        ({"id": "Not A Slug"}, "id", "pattern"),
        ({"sla": {"availability_percent": 150}}, "sla.availability_percent", "less than or equal to 100"),
        ({"colour": "blue"}, "colour", "Extra inputs are not permitted"),
    ],
)
def test_bad_values_name_the_file_and_the_field(tmp_path, vendor_profile, change, field, words):
    path = write(tmp_path, vendor_profile(**change))
    with pytest.raises(VendorProfileError) as caught:
        load_vendor(path)
    message = str(caught.value)
    assert message.startswith("acme.yaml: invalid vendor profile:")
    assert f"{field}:" in message and words in message


@pytest.mark.parametrize("missing", ["name", "services", "rate_range", "locations"])
def test_missing_field_is_named(tmp_path, vendor_profile, missing):
    data = vendor_profile()
    del data[missing]
    with pytest.raises(VendorProfileError, match=rf"^acme\.yaml: invalid vendor profile: {missing}: Field required"):
        load_vendor(write(tmp_path, data))


def test_several_problems_are_reported_together(tmp_path, vendor_profile):
    data = vendor_profile(services=["gardening"])
    del data["name"]
    message = str(pytest.raises(VendorProfileError, load_vendor, write(tmp_path, data)).value)
    assert "name: Field required" in message and "services.0:" in message


@pytest.mark.parametrize(
    "text, words",
    [
        ("id: [unclosed\n", "cannot read vendor profile"),
        ("- just\n- a list\n", "must be a mapping of fields"),
        ("", "must be a mapping of fields"),
    ],
)
def test_unreadable_yaml_is_reported(tmp_path, text, words):
    with pytest.raises(VendorProfileError, match=rf"^acme\.yaml: .*{words}"):
        load_vendor(write(tmp_path, text))


def test_duplicate_ids_are_rejected(tmp_path, vendor_profile):
    write(tmp_path, vendor_profile(), "a.yaml")
    write(tmp_path, vendor_profile(), "b.yaml")
    with pytest.raises(VendorProfileError, match="duplicate vendor id 'harbor-secure'"):
        load_vendors(tmp_path)


def test_rendering_names_the_vendor_in_every_sentence(vendor_profile):
    vendor = VendorProfile.model_validate(vendor_profile("lotus-helpdesk"))
    text = render_vendor(vendor)
    assert text.startswith("# Lotus Helpdesk (sample profile for illustration)")
    facts = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert all("Lotus Helpdesk" in line for line in facts)
    assert "indicative rates 18 to 30 USD per hour" in text


def test_metadata_is_flat_with_pipe_delimited_lists(vendor_profile):
    meta = vendor_metadata(VendorProfile.model_validate(vendor_profile("nimbus-cloudworks")))
    assert meta["kind"] == "vendor" and meta["vendor_id"] == "nimbus-cloudworks"
    assert meta["services"] == "|cloud|infrastructure|"
    assert meta["regions"] == "|Europe|" and meta["support_24x7"] is False
    assert all(isinstance(v, (str, int, float, bool)) for v in meta.values())


def test_ingest_skips_a_bad_profile_with_its_reason_and_keeps_the_others(settings, fake_embed, vendor_profile):
    bad = vendor_profile("broken-vendor", services=["telepathy"])
    (settings.knowledge_dir / "vendors" / "broken-vendor.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    report = ingest(settings, embed=fake_embed.embed_documents, store=Store(settings))
    skipped = report.skipped
    assert [f.source for f in skipped] == ["knowledge/vendors/broken-vendor.yaml"]
    assert "broken-vendor.yaml: invalid vendor profile: services.0:" in skipped[0].reason
    assert report.count("added") == 4  # the guide and three good vendors
