"""Hybrid retrieval over the live chunks: modes, metadata filters, the JSON shape and reloading."""

import json

import pytest

from assistant.knowledge.ingest import ingest
from assistant.knowledge.retrieval import Hit, Retriever, matches
from assistant.knowledge.store import Store, StoreError


@pytest.fixture
def retriever(settings, fake_embed):
    store = Store(settings)
    ingest(settings, embed=fake_embed.embed_documents, store=store)
    return Retriever(settings, store, embed_query=fake_embed.embed_query)


def test_search_returns_k_distinct_hits_best_first(retriever):
    hits = retriever.search("risks of losing control over processes", k=4)
    assert len(hits) == 4 and len({h.id for h in hits}) == 4
    assert all(isinstance(h, Hit) for h in hits)
    # Fake vectors make the dense half random; the lexical half still brings the passage in.
    assert ("knowledge/guide/handbook.md", "Risks") in [(h.source, h.section) for h in hits]


def test_default_k_comes_from_settings(retriever, settings):
    assert len(retriever.search("outsourcing")) == settings.top_k


def test_bm25_mode_ranks_by_words(retriever):
    hits = retriever.search("salaries taxes equipment", k=3, mode="bm25")
    assert hits[0].section == "Benefits > Cost Savings"


def test_dense_mode_returns_the_nearest_vector(retriever, fake_embed):
    retriever.refresh()
    target = next(i for i, m in enumerate(retriever.metadatas) if m["section"] == "Benefits > Flexibility")
    # With fake embeddings, embedding exactly what was stored is the only way to be nearest.
    chunk_text = f"Outsourcing Handbook > Benefits > Flexibility\n{retriever.texts[target]}"
    hits = retriever.search(chunk_text, k=1, mode="dense")
    assert hits[0].id == retriever.ids[target]
    assert hits[0].score == pytest.approx(float(retriever.vectors[target] @ fake_embed.embed_query(chunk_text)), rel=1e-4)


def test_unknown_mode_is_rejected(retriever):
    with pytest.raises(ValueError, match="unknown retrieval mode"):
        retriever.search("risks", mode="magic")


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_kind_filter_returns_only_vendor_chunks(retriever, mode):
    hits = retriever.search("risks of outsourcing to a provider", k=10, filters={"kind": "vendor"}, mode=mode)
    assert hits and all(h.metadata["kind"] == "vendor" for h in hits)
    assert all(h.source.startswith("knowledge/vendors/") for h in hits)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_list_field_filter_matches_by_membership(retriever, mode):
    hits = retriever.search("provider strengths and pricing", k=10, filters={"services": "cybersecurity"}, mode=mode)
    assert hits and {h.metadata["vendor_id"] for h in hits} == {"harbor-secure"}
    hits = retriever.search("provider strengths and pricing", k=20, filters={"services": "infrastructure"}, mode=mode)
    assert {h.metadata["vendor_id"] for h in hits} == {"nimbus-cloudworks"}  # second of its two services


def test_filters_combine_and_accept_alternatives(retriever):
    hits = retriever.search("support", k=20, filters={"kind": "vendor", "support_24x7": True})
    assert {h.metadata["vendor_id"] for h in hits} == {"harbor-secure", "lotus-helpdesk"}
    hits = retriever.search("support", k=20, filters={"regions": ["Europe", "Asia-Pacific"]})
    assert {h.metadata["vendor_id"] for h in hits} == {"nimbus-cloudworks", "lotus-helpdesk"}
    assert retriever.search("support", k=5, filters={"services": "quantum"}) == []


def test_matches_is_case_insensitive_for_list_fields_and_exact_otherwise():
    meta = {"kind": "vendor", "services": "|cloud|it_support|", "certifications": "|SOC 2 Type II|"}
    assert matches(meta, {"certifications": "soc 2 type ii"})
    assert not matches(meta, {"certifications": "SOC 2"})  # whole items, not substrings
    assert not matches(meta, {"kind": "Vendor"})
    assert matches(meta, None) and matches(meta, {})


def test_public_shape_is_json_ready(retriever):
    hit = retriever.search("cloud migration", k=1, filters={"kind": "vendor"})[0]
    data = json.loads(json.dumps(hit.public()))
    assert set(data) >= {"id", "text", "source", "title", "section", "score"}
    assert isinstance(data["score"], float)
    assert data["metadata"]["kind"] == "vendor" and "source" not in data["metadata"]


def test_a_second_retriever_sees_a_new_ingest(settings, retriever, fake_embed):
    assert not retriever.search("escrow", k=3, mode="bm25")
    (settings.knowledge_dir / "guide" / "escrow.md").write_text("# Escrow\n\nSource code escrow protects you.\n")
    ingest(settings, embed=fake_embed.embed_documents, store=Store(settings))  # another process ingests
    hits = retriever.search("escrow", k=3, mode="bm25")
    assert hits and hits[0].source == "knowledge/guide/escrow.md"


def test_empty_store_says_to_run_ingest(settings, fake_embed):
    retriever = Retriever(settings, Store(settings), embed_query=fake_embed.embed_query)
    with pytest.raises(StoreError, match="run `assistant ingest` first"):
        retriever.search("risks")


def test_a_question_is_embedded_once_for_search_and_composing(settings, fake_embed):
    store = Store(settings)
    ingest(settings, embed=fake_embed.embed_documents, store=store)
    asked = []
    retriever = Retriever(settings, store, embed_query=lambda text: asked.append(text) or fake_embed.embed_query(text))
    first = retriever.search("What does cloud outsourcing include?")
    again = retriever.search("What does cloud outsourcing include?")
    vector = retriever.embed_query("What does cloud outsourcing include?")
    vector.append(99.0)  # a caller changing its copy must not change the next caller's vector
    assert [h.id for h in again] == [h.id for h in first]
    assert asked == ["What does cloud outsourcing include?"]
    assert retriever.embed_query("What does cloud outsourcing include?") == fake_embed.embed_query("What does cloud outsourcing include?")
    retriever.forget_queries()
    retriever.search("What does cloud outsourcing include?")
    assert len(asked) == 2


def test_building_an_index_leaves_the_bm25_library_quiet():
    import logging

    from assistant.knowledge.lexical import BM25Index

    BM25Index(["a passage about service levels", "a passage about exit plans"])
    assert not logging.getLogger("bm25s").isEnabledFor(logging.INFO)


def test_asking_for_more_passages_keeps_the_first_ones(tmp_path, make_knowledge, isolated_env, fake_embed):
    from assistant.settings import Settings

    topics = ["backup", "network", "helpdesk", "licences", "laptops", "printers", "email", "payroll", "audits",
              "contracts", "invoices", "security", "cloud", "servers", "storage", "training"]
    pages = {f"policies/{t}.md": "# " + t.title() + " policy\n\n" + "\n\n".join(
        f"## {t.title()} rule {n}\n\nThe {t} rule {n} covers {topics[(i + n) % len(topics)]} and "
        f"{topics[(i * n + 3) % len(topics)]} for every site." for n in range(1, 4)) for i, t in enumerate(topics)}
    settings = Settings(data_dir=tmp_path / "var", knowledge_dir=make_knowledge(extra=pages), chroma_url=None)
    store = Store(settings)
    ingest(settings, embed=fake_embed.embed_documents, store=store)
    retriever = Retriever(settings, store, embed_query=fake_embed.embed_query)
    for query in ["backup rule for email", "network and servers", "which rule covers payroll audits", "cloud storage"]:
        five = [h.id for h in retriever.search(query, k=5)]
        assert [h.id for h in retriever.search(query, k=12)][:5] == five, query
