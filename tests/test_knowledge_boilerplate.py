"""Web-page boilerplate is removed at ingestion time by a general rule, content is kept."""

import pytest

from assistant.knowledge.boilerplate import is_boilerplate, strip_boilerplate
from assistant.knowledge.ingest import ingest
from assistant.knowledge.store import Store

TIKTOK = "Recommend that you also read – How to Make Money on TikTok?"


@pytest.mark.parametrize(
    "line",
    [
        TIKTOK,
        "We recommend you read: 10 Ways to Grow Your Instagram",
        "You may also like: Best Laptops of the Year",
        "You might also enjoy – Crypto for Beginners",
        "See also: Our Guide to Remote Work",
        "Also read: Top 10 Vendors in 2024",
        "**Also read**: How to Start a Podcast",
        "Related articles:",
        "Related: Cheap Flights to Bali",
        "Read more »",
        "Read more about our pricing",
        "- Read more",
        "Click here to download the free e-book",
        "Share this article",
        "Share this:",
        "Share on LinkedIn",
        "Subscribe to our newsletter",
        "Subscribe now!",
        "Sign up for our newsletter and get 10% off",
        "Follow us on Twitter",
        "This website uses cookies to improve your experience.",
        "We use cookies to give you the best experience.",
        "Advertisement",
    ],
)
def test_boilerplate_lines_are_recognised(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Read the contract carefully before signing it.",
        "Also read the vendor's security policy before the kickoff meeting.",
        "Read more than one proposal before choosing a provider.",
        "Make sure every reader of the report can read the SLA figures.",
        "Share this checklist with your procurement team before the kickoff.",
        "Subscribe to the vendor's status page to receive incident notices.",
        "We use cookies to keep portal sessions alive after single sign-on.",
        "Related risks include vendor lock-in and hidden costs.",
        "Clicking through every vendor portal takes time; ask for a single report.",
        "How to Make Money with IT outsourcing is not the goal; reducing risk is.",
        "",
    ],
)
def test_content_lines_are_kept(line):
    assert not is_boilerplate(line)


def test_long_lines_are_never_treated_as_boilerplate():
    line = "Read more: " + "the outsourcing contract must name the service levels and penalties. " * 4
    assert len(line) > 160
    assert not is_boilerplate(line)


def test_strip_boilerplate_keeps_everything_else_in_order():
    text = f"# Title\n\nFirst paragraph.\n\n{TIKTOK}\n\nRead the contract.\nShare this article\nLast line."
    assert strip_boilerplate(text) == "# Title\n\nFirst paragraph.\n\n\nRead the contract.\nLast line."


def test_ingested_chunks_hold_no_boilerplate(settings, fake_embed):
    store = Store(settings)
    ingest(settings, embed=fake_embed.embed_documents, store=store)
    texts = store.fetch(sorted(store.load_manifest().live_ids))["documents"]
    joined = "\n".join(texts)
    assert "TikTok" not in joined and "Share this article" not in joined
    # The sentence with "Read" in the same guide is content and stays.
    assert "Read the contract before signing it." in joined
    assert "Outsourcing moves selected IT work" in joined


def test_a_file_of_only_boilerplate_is_reported(settings, fake_embed, tmp_path):
    page = tmp_path / "page.md"
    page.write_text(f"{TIKTOK}\nShare this article\nSubscribe to our newsletter\n", encoding="utf-8")
    report = ingest(settings, [page], embed=fake_embed.embed_documents, store=Store(settings))
    assert [(f.status, f.reason) for f in report.files] == [("skipped", "no text left after removing boilerplate")]


def test_real_knowledge_base_ingests_cleanly_without_the_tiktok_line(real_settings, fake_embed):
    store = Store(real_settings)
    report = ingest(real_settings, embed=fake_embed.embed_documents, store=store)
    assert not report.skipped and report.count("added") >= 19  # the guide and the 18 sample vendors
    texts = store.fetch(sorted(store.load_manifest().live_ids))["documents"]
    assert not [t for t in texts if "TikTok" in t]
    assert any("IT outsourcing is the practice of transferring a company’s" in t for t in texts)
