"""Incremental, idempotent ingestion: unchanged, changed, deleted files and a crash mid-ingest."""

import time
from collections import Counter
from pathlib import Path

import pytest

from assistant.knowledge import ingest as ingest_module
from assistant.knowledge.ingest import ingest, remove_source
from assistant.knowledge.retrieval import Retriever
from assistant.knowledge.store import Store

GUIDE = "knowledge/guide/handbook.md"


def no_embedding(texts):
    raise AssertionError(f"nothing should be embedded, got {len(texts)} texts")


def snapshot(store: Store) -> dict:
    """Return what the store holds: committed manifest, all stored ids and per-source chunk ids."""
    manifest = store.load_manifest()
    return {
        "manifest": manifest,
        "live": manifest.live_ids,
        "stored": store.all_ids(),
        "by_source": {name: list(entry.chunk_ids) for name, entry in manifest.sources.items()},
    }


def assert_consistent(store: Store) -> dict:
    """The collection holds exactly the manifest's chunks, each once, with no repeated passage per source."""
    state = snapshot(store)
    assert store.chunks.count() == len(state["live"])
    assert state["stored"] == state["live"]
    data = store.fetch(sorted(state["live"]))
    pairs = Counter((m["source"], t) for m, t in zip(data["metadatas"], data["documents"]))
    assert max(pairs.values()) == 1
    return state


@pytest.fixture
def store(settings, fake_embed):
    store = Store(settings)
    report = ingest(settings, embed=fake_embed.embed_documents, store=store)
    assert report.count("added") == 4 and not report.skipped
    return store


def test_first_ingest_stores_every_chunk_with_metadata(settings, store):
    state = assert_consistent(store)
    assert set(state["by_source"]) == {
        GUIDE,
        "knowledge/vendors/harbor-secure.yaml",
        "knowledge/vendors/lotus-helpdesk.yaml",
        "knowledge/vendors/nimbus-cloudworks.yaml",
    }
    data = store.fetch(sorted(state["live"]))
    for meta in data["metadatas"]:
        assert meta["source"] and meta["title"] and meta["section"]
        assert meta["kind"] in {"guide", "vendor"}
    guide_sections = {m["section"] for m in data["metadatas"] if m["source"] == GUIDE}
    assert "How It Works > Step 2: Choose a Partner" in guide_sections
    assert state["manifest"].generation == ingest_module.generation(settings)


def test_unchanged_run_writes_and_deletes_nothing(settings, store):
    before = snapshot(store)
    started = time.perf_counter()
    report = ingest(settings, embed=no_embedding, store=store)
    elapsed = time.perf_counter() - started
    assert (report.written, report.deleted) == (0, 0)
    assert report.count("unchanged") == 4 and report.readable == 4
    after = snapshot(store)
    assert after["manifest"].updated_at == before["manifest"].updated_at  # not even the manifest is rewritten
    assert after["stored"] == before["stored"]
    assert elapsed < 2.0


def test_changed_file_replaces_its_chunks_without_duplicates(settings, store, fake_embed):
    before = snapshot(store)
    guide = settings.knowledge_dir / "guide" / "handbook.md"
    guide.write_text(guide.read_text().replace("data confidentiality", "vendor lock-in, data confidentiality"))
    report = ingest(settings, embed=fake_embed.embed_documents, store=store)
    assert [(f.source, f.status) for f in report.files if f.status != "unchanged"] == [(GUIDE, "updated")]
    assert (report.written, report.deleted) == (1, 1)  # only the edited section is re-embedded
    after = assert_consistent(store)
    old_guide, new_guide = set(before["by_source"][GUIDE]), set(after["by_source"][GUIDE])
    assert len(old_guide - new_guide) == 1 and len(new_guide - old_guide) == 1
    assert not (old_guide - new_guide) & after["stored"]
    for source in before["by_source"]:
        if source != GUIDE:
            assert after["by_source"][source] == before["by_source"][source]
    texts = store.fetch(sorted(new_guide))["documents"]
    assert any("vendor lock-in" in t for t in texts)


def test_deleted_file_loses_its_chunks(settings, store):
    before = snapshot(store)
    (settings.knowledge_dir / "vendors" / "lotus-helpdesk.yaml").unlink()
    report = ingest(settings, embed=no_embedding, store=store)
    assert [(f.source, f.status) for f in report.files if f.status != "unchanged"] == [
        ("knowledge/vendors/lotus-helpdesk.yaml", "removed")
    ]
    gone = set(before["by_source"]["knowledge/vendors/lotus-helpdesk.yaml"])
    assert report.deleted == len(gone) and report.written == 0
    after = assert_consistent(store)
    assert "knowledge/vendors/lotus-helpdesk.yaml" not in after["by_source"]
    assert not gone & after["stored"]


def test_file_that_becomes_invalid_keeps_no_stale_chunks(settings, store):
    (settings.knowledge_dir / "vendors" / "harbor-secure.yaml").write_text("name: [broken\n")
    report = ingest(settings, embed=no_embedding, store=store)
    assert [f.status for f in report.files if f.source.endswith("harbor-secure.yaml")] == ["skipped"]
    state = assert_consistent(store)
    assert "knowledge/vendors/harbor-secure.yaml" not in state["by_source"]


def test_crash_before_the_manifest_leaves_the_old_chunks_in_force(settings, store, fake_embed, monkeypatch):
    before = snapshot(store)
    retriever = Retriever(settings, store, embed_query=fake_embed.embed_query)
    retriever.search("risks", k=3)  # loaded before the crash, like a running app
    guide = settings.knowledge_dir / "guide" / "handbook.md"
    guide.write_text(guide.read_text().replace("Risks include", "Zebracorn risks include"))
    (settings.knowledge_dir / "guide" / "extra.md").write_text("# Extra\n\nZebracorn sourcing appendix.\n")

    def crash(self, manifest):
        raise RuntimeError("simulated crash before the manifest is written")

    monkeypatch.setattr(Store, "commit_manifest", crash)
    with pytest.raises(RuntimeError, match="simulated crash"):
        ingest(settings, embed=fake_embed.embed_documents, store=store)
    monkeypatch.undo()

    # The new chunks were written but are not committed.
    assert store.chunks.count() > len(before["live"])
    assert store.load_manifest().live_ids == before["live"]
    fresh = Retriever(settings, Store(settings), embed_query=fake_embed.embed_query)  # an app started after the crash
    for searcher in (retriever, fresh):
        for mode in ("hybrid", "dense", "bm25"):
            hits = searcher.search("zebracorn risks appendix", k=50, mode=mode)
            ids = [h.id for h in hits]
            assert len(ids) == len(set(ids))
            assert set(ids) <= before["live"]
            assert not any("Zebracorn" in h.text for h in hits)

    # The next run commits the edit and removes what the crash left behind.
    report = ingest(settings, embed=fake_embed.embed_documents, store=store)
    assert report.count("added") == 1 and report.count("updated") == 1
    after = assert_consistent(store)
    assert after["live"] != before["live"]
    hits = fresh.search("zebracorn", k=5, mode="bm25")
    assert {h.source for h in hits} == {GUIDE, "knowledge/guide/extra.md"}


def test_new_recipe_rebuilds_everything(settings, store, fake_embed):
    before = snapshot(store)
    smaller = settings.model_copy(update={"chunk_size": 300})
    report = ingest(smaller, embed=fake_embed.embed_documents, store=store)
    assert report.written == len(store.load_manifest().live_ids)
    state = assert_consistent(store)
    assert state["manifest"].generation == ingest_module.generation(smaller) != before["manifest"].generation


def test_rebuild_from_a_single_path_keeps_the_rest_of_the_knowledge_base(settings, store, fake_embed, tmp_path):
    doc = tmp_path / "policy.md"
    doc.write_text("# Sourcing Policy\n\nOnly non-core work is outsourced.\n")
    smaller = settings.model_copy(update={"chunk_size": 300})
    report = ingest(smaller, [doc], embed=fake_embed.embed_documents, store=store)
    state = assert_consistent(store)
    assert len(state["by_source"]) == 5
    assert report.readable == 5 and not report.count("removed")


def test_outside_documents_survive_a_default_run_until_deleted(settings, store, fake_embed, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "policy.md").write_text("# Sourcing Policy\n\nOnly non-core work is outsourced.\n")
    monkeypatch.chdir(folder)
    report = ingest(settings, [Path("policy.md")], embed=fake_embed.embed_documents, store=store)  # a relative path
    source = (folder / "policy.md").resolve().as_posix()
    assert [(f.source, f.status) for f in report.files] == [(source, "added")]

    monkeypatch.chdir(tmp_path)  # a later default run from another directory
    report = ingest(settings, embed=no_embedding, store=store)
    assert report.count("removed") == 0
    assert source in assert_consistent(store)["by_source"]

    (folder / "policy.md").unlink()
    report = ingest(settings, embed=no_embedding, store=store)
    assert [(f.source, f.status) for f in report.files if f.status == "removed"] == [(source, "removed")]
    assert source not in assert_consistent(store)["by_source"]


def test_only_these_paths_drops_copies_ingested_from_another_checkout(settings, store, fake_embed, tmp_path):
    copies = []
    for checkout in ("old-checkout", "new-checkout"):
        folder = tmp_path / checkout / "docs"
        folder.mkdir(parents=True)
        (folder / "policy.md").write_text("# Sourcing Policy\n\nOnly non-core work is outsourced.\n")
        copies.append((folder / "policy.md").resolve().as_posix())
    ingest(settings, [settings.knowledge_dir, tmp_path / "old-checkout" / "docs"], embed=fake_embed.embed_documents, store=store)
    report = ingest(settings, [settings.knowledge_dir, tmp_path / "new-checkout" / "docs"], embed=fake_embed.embed_documents,
                    store=store, only_these=True)
    sources = assert_consistent(store)["by_source"]
    assert copies[1] in sources and copies[0] not in sources
    assert [f.source for f in report.files if f.status == "removed"] == [copies[0]]


def test_explicit_paths_report_bad_files_and_ingest_the_rest(settings, store, fake_embed, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.md").write_text("# Good\n\nA usable note about SLAs.\n")
    (folder / "notes.txt").write_text("Plain text notes about vendor reviews.\n")
    (folder / "empty.md").write_text("")
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04")
    (folder / "vendors.yaml").write_text("id: x\n")
    (folder / ".hidden.md").write_text("# Hidden\n\nNot ingested.\n")
    report = ingest(settings, [folder, tmp_path / "missing.pdf"], embed=fake_embed.embed_documents, store=store)
    reasons = {Path(f.source).name: f.reason for f in report.skipped}
    assert reasons == {
        "missing.pdf": "no such file or folder",
        "empty.md": "the file is empty",
        "slides.pptx": "unsupported file type .pptx",
        "vendors.yaml": "YAML is read only as a vendor profile under knowledge/vendors/",
    }
    assert report.count("added") == 2
    state = assert_consistent(store)
    assert len(state["by_source"]) == 6  # the four built-in files are untouched


def test_remove_source_drops_its_chunks(settings, store):
    assert remove_source(settings, "knowledge/vendors/harbor-secure.yaml", store)
    assert not remove_source(settings, "knowledge/vendors/harbor-secure.yaml", store)
    state = assert_consistent(store)
    assert "knowledge/vendors/harbor-secure.yaml" not in state["by_source"]


def test_chunks_kept_by_id_get_fresh_metadata_when_their_file_changes(settings, store, fake_embed):
    guide = settings.knowledge_dir / "guide" / "handbook.md"
    guide.write_text(guide.read_text().replace("## How It Works", "## Scope\n\nOnly non-core work.\n\n## How It Works"))
    report = ingest(settings, embed=fake_embed.embed_documents, store=store)
    assert report.written == 1  # only the new section is embedded; the others keep their ids
    state = assert_consistent(store)
    data = store.fetch(state["by_source"][GUIDE])
    stored = {i: m for i, m in zip(data["ids"], data["metadatas"])}
    expected = ingest_module.chunks_for(guide, GUIDE, settings).chunks
    assert [c.id for c in expected] == state["by_source"][GUIDE]
    for chunk in expected:  # metadata such as the position in the document is current, not left from before
        assert stored[chunk.id] == chunk.store_metadata()
