"""Shared fixtures: isolated settings, fake embeddings and a small knowledge base in tmp_path.

Settings built here never point at the repository's ./var: the data dir is always under tmp_path.
"""

import copy
import os
from pathlib import Path

import pytest
import yaml
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.settings import PROJECT_ROOT, Settings, get_settings

REAL_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"

SMALL_GUIDE = """# Outsourcing Handbook

Outsourcing moves selected IT work to an external company under a contract.

Recommend that you also read – How to Make Money on TikTok?

## How It Works

### Step 1: Define Needs

Write down which functions you want to outsource and the goals you want to reach.

### Step 2: Choose a Partner

Compare several providers on capabilities, experience and references. Read the contract before signing it.

## Benefits

### Cost Savings

You no longer pay salaries, taxes and equipment for the outsourced functions.

Share this article

### Flexibility

Add staff for short-term projects or peak periods without hiring.

## Risks

Risks include losing control over processes and problems with data confidentiality and security.
"""

_BASE_VENDOR = {
    "id": "harbor-secure",
    "name": "Harbor Secure",
    "sample": True,
    "summary": "Harbor Secure runs a managed security operations centre for mid-sized companies.",
    "services": ["cybersecurity"],
    "specialties": ["SOC monitoring", "incident response"],
    "delivery_models": ["onshore"],
    "locations": [{"city": "Toronto", "country": "Canada", "region": "North America", "timezone": "UTC-5"}],
    "languages": ["English", "French"],
    "team_size": 120,
    "certifications": ["SOC 2 Type II", "ISO 27001"],
    "industries": ["financial services"],
    "engagement_models": ["managed_service"],
    "pricing_model": "per device per month",
    "rate_range": {"currency": "USD", "min_hourly": 90, "max_hourly": 150},
    "support_hours": "24/7",
    "sla": {"availability_percent": 99.9, "critical_response_minutes": 15},
    "data_residency": ["US", "Canada"],
    "strengths": ["fast response to critical alerts"],
    "weaknesses": ["premium pricing"],
}

SMALL_VENDORS = {
    "harbor-secure": {},
    "nimbus-cloudworks": {
        "name": "Nimbus Cloudworks",
        "summary": "Nimbus Cloudworks migrates and operates cloud platforms and hosting for European firms.",
        "services": ["cloud", "infrastructure"],
        "specialties": ["cloud migration", "backup and recovery"],
        "delivery_models": ["nearshore"],
        "locations": [{"city": "Lisbon", "country": "Portugal", "region": "Europe", "timezone": "UTC+0"}],
        "languages": ["English", "Portuguese"],
        "certifications": ["ISO 27001"],
        "support_hours": "business hours (UTC+0)",
        "rate_range": {"currency": "EUR", "min_hourly": 55, "max_hourly": 95},
    },
    "lotus-helpdesk": {
        "name": "Lotus Helpdesk",
        "summary": "Lotus Helpdesk staffs an offshore service desk for end-user IT support tickets.",
        "services": ["it_support"],
        "specialties": ["service desk", "user training"],
        "delivery_models": ["offshore"],
        "locations": [{"city": "Manila", "country": "Philippines", "region": "Asia-Pacific", "timezone": "UTC+8"}],
        "languages": ["English", "Tagalog"],
        "certifications": [],
        "support_hours": "24/7",
        "rate_range": {"currency": "USD", "min_hourly": 18, "max_hourly": 30},
    },
}


def _vendor(vendor_id: str = "harbor-secure", **overrides) -> dict:
    data = copy.deepcopy(_BASE_VENDOR)
    data.update(copy.deepcopy(SMALL_VENDORS.get(vendor_id, {})))
    data["id"] = vendor_id
    data.update(copy.deepcopy(overrides))
    return data


@pytest.fixture
def vendor_profile():
    """Factory of valid vendor profile dicts: vendor_profile("lotus-helpdesk", team_size=5)."""
    return _vendor


@pytest.fixture
def make_knowledge(tmp_path):
    """Factory that writes a small knowledge dir (guide + vendor YAML files) and returns its path.

    make_knowledge(root=None, guide=SMALL_GUIDE, vendors=None, extra=None): `vendors` maps a vendor id to a
    profile dict (default: the three small sample vendors); `extra` maps relative paths to file text.
    """

    def build(root: Path | None = None, guide: str | None = SMALL_GUIDE, vendors: dict | None = None,
              extra: dict[str, str] | None = None) -> Path:
        folder = root or tmp_path / "knowledge"
        (folder / "guide").mkdir(parents=True, exist_ok=True)
        (folder / "vendors").mkdir(parents=True, exist_ok=True)
        if guide is not None:
            (folder / "guide" / "handbook.md").write_text(guide, encoding="utf-8")
        profiles = vendors if vendors is not None else {vid: _vendor(vid) for vid in SMALL_VENDORS}
        for vendor_id, data in profiles.items():
            (folder / "vendors" / f"{vendor_id}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        for name, text in (extra or {}).items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return folder

    return build


@pytest.fixture
def knowledge_dir(make_knowledge):
    """A small knowledge dir in tmp_path: one guide and three vendor profiles."""
    return make_knowledge()


@pytest.fixture
def isolated_env(monkeypatch):
    """Remove every ASSISTANT_* variable so settings come only from what a test passes."""
    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings(tmp_path, knowledge_dir, isolated_env) -> Settings:
    """Embedded-store settings with the data dir and the small knowledge dir under tmp_path."""
    return Settings(data_dir=tmp_path / "var", knowledge_dir=knowledge_dir, chroma_url=None)


@pytest.fixture
def real_settings(tmp_path, isolated_env) -> Settings:
    """Settings reading the repository's real knowledge dir (read-only) with the data dir under tmp_path."""
    return Settings(data_dir=tmp_path / "var", knowledge_dir=REAL_KNOWLEDGE_DIR, chroma_url=None)


@pytest.fixture
def fake_embed() -> DeterministicFakeEmbedding:
    """Deterministic 384-d fake embeddings: pass .embed_documents to ingest and .embed_query to Retriever."""
    return DeterministicFakeEmbedding(size=384)


@pytest.fixture
def cli_settings(settings, fake_embed, monkeypatch) -> Settings:
    """Point the `assistant` CLI at `settings` through the environment, with fake embeddings."""
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setattr("assistant.embeddings.load_embeddings", lambda spec: fake_embed)
    monkeypatch.setattr("assistant.embeddings.load_query_embeddings", lambda *args: fake_embed)
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()
