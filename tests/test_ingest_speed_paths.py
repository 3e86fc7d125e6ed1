"""The fast paths: an unchanged re-ingest embeds and rewrites nothing, a warm question reads no manifest."""

from assistant.knowledge.ingest import ingest
from assistant.knowledge.retrieval import Retriever
from assistant.knowledge.store import Store
from fakes import HashingEmbeddings, build_knowledge_base


def test_an_unchanged_reingest_embeds_nothing_and_rewrites_no_vectors(tmp_path):
    settings, _, _ = build_knowledge_base(tmp_path)
    saved = {p.name: p.stat().st_mtime_ns for p in settings.data_dir.glob("sentence-vectors*")}
    embedded: list[str] = []

    def counting(texts):
        embedded.extend(texts)
        return HashingEmbeddings().embed_documents(texts)

    report = ingest(settings, embed=counting, store=Store(settings))
    assert report.written == 0 and report.count("unchanged") == report.readable > 0
    assert embedded == []
    assert {p.name: p.stat().st_mtime_ns for p in settings.data_dir.glob("sentence-vectors*")} == saved


def test_a_warm_retriever_reads_the_manifest_only_when_it_changed(tmp_path, monkeypatch):
    settings, retriever, embeddings = build_knowledge_base(tmp_path)
    retriever.search("cloud outsourcing")
    reads = []
    original = Store.load_manifest
    monkeypatch.setattr(Store, "load_manifest", lambda self: reads.append(1) or original(self))
    for question in ("cloud outsourcing", "risks", "vendor selection"):
        retriever.search(question)
    assert reads == []
    (settings.knowledge_dir / "guide" / "escrow.md").write_text("# Escrow\n\nSource code escrow protects you.\n")
    ingest(settings, embed=embeddings.embed_documents, store=Store(settings))  # another process commits
    hits = retriever.search("escrow", k=3, mode="bm25")
    assert hits and hits[0].source == "knowledge/guide/escrow.md" and reads


def test_sentences_ranked_among_candidates_keep_the_order_of_the_full_ranking(tmp_path):
    import numpy as np

    settings, retriever, embeddings = build_knowledge_base(tmp_path)
    retriever.refresh()
    query = np.asarray(embeddings.embed_query("what does cloud outsourcing include"), dtype=np.float32)
    full = retriever.sentence_ranking(query, len(retriever.ids), None)
    among = full[1::2]
    assert retriever.sentence_ranking(query, len(among), None, among=list(reversed(among))) == among


def test_a_large_store_ranks_sentences_only_among_the_dense_and_lexical_candidates(tmp_path, monkeypatch):
    import assistant.knowledge.retrieval as retrieval

    sections = "".join(f"## Site {n}\n\nThe office in town {n} keeps its servers in room {n}.\n\n" for n in range(40))
    settings, retriever, _ = build_knowledge_base(tmp_path, {"notes/sites.md": f"# Sites\n\n{sections}"})
    retriever.refresh()
    asked = []
    original = Retriever.sentence_ranking
    monkeypatch.setattr(Retriever, "sentence_ranking",
                        lambda self, v, n, allowed, among=None: asked.append(among) or original(self, v, n, allowed, among))
    retriever.search("cloud outsourcing")
    monkeypatch.setattr(retrieval, "SENTENCE_POOL", 1)
    monkeypatch.setattr(retrieval, "EXACT_SENTENCES", 1)
    retriever.search("cloud outsourcing")
    assert asked[0] is None  # a store within the pool compares every chunk's sentences
    # The pool is never shallower than the rankings fused (20 here): 20 dense and up to 20 BM25 candidates.
    assert asked[1] is not None and 20 <= len(set(asked[1])) <= 40 < len(retriever.ids)
