"""Sentence vectors made at ingestion: questions embed only the query, and stale text is never served."""

import numpy as np

from assistant.answering import Assistant
from assistant.answering.backends import Backend
from assistant.knowledge.ingest import ingest
from assistant.knowledge.retrieval import Retriever
from assistant.knowledge.sentence_vectors import SentenceVectors, _digest
from assistant.knowledge.store import Store
from fakes import HashingEmbeddings, build_knowledge_base


class CountingEmbeddings(HashingEmbeddings):
    """Hashing embeddings that count the texts they embed as documents."""

    def __init__(self):
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts):
        self.embedded.extend(texts)
        return super().embed_documents(texts)


def test_every_live_chunk_has_its_sentences_embedded_at_ingestion(tmp_path):
    settings, retriever, _ = build_knowledge_base(tmp_path)
    retriever.refresh()
    vectors = SentenceVectors(settings.sentence_vectors_path).load()
    assert set(vectors.chunks) == set(retriever.ids)
    assert all(vectors.placed(i) for i in retriever.ids)


def test_answering_embeds_no_sentence_that_ingestion_already_embedded(tmp_path):
    settings, _, embeddings = build_knowledge_base(tmp_path)
    counting = CountingEmbeddings()
    retriever = Retriever(settings, Store(settings), embed_query=embeddings.embed_query, embed_documents=counting.embed_documents)
    answer = Assistant(settings, retriever, Backend("extractive")).answer("What does cloud outsourcing include?")
    assert not answer.refused and "hosting" in answer.answer
    assert counting.embedded == []


def test_a_changed_document_gets_new_sentence_vectors_and_the_old_ones_are_dropped(tmp_path):
    settings, retriever, embeddings = build_knowledge_base(tmp_path)
    guide = settings.knowledge_dir / "guide" / "guide.md"
    guide.write_text(guide.read_text().replace("backup and recovery", "disaster recovery drills"), encoding="utf-8")
    ingest(settings, embed=embeddings.embed_documents, store=Store(settings))
    retriever.refresh()
    vectors = SentenceVectors(settings.sentence_vectors_path).load()
    assert set(vectors.chunks) == set(retriever.ids)
    sentence = "Cloud outsourcing moves hosting, data storage, disaster recovery drills to an external company."
    expected = embeddings.embed_documents([sentence])[0]
    stored = vectors.embed([sentence])[0]  # raises if missing: no embedder given
    assert np.allclose(stored, expected)
    old = "Cloud outsourcing moves hosting, data storage, backup and recovery to an external company."
    assert _digest(old) not in vectors.rows


def test_the_sentence_ranking_finds_a_long_passage_by_its_one_answering_sentence(tmp_path):
    filler = " ".join(f"The canteen menu for week {n} lists soup, salad and bread for every day." for n in range(1, 12))
    notes = f"# Office notes\n\n## Miscellany\n\n{filler} Printer toner is ordered from the facilities desk.\n"
    settings, retriever, _ = build_knowledge_base(tmp_path, {"notes/office.md": notes})
    retriever.refresh()
    query = np.asarray(retriever.embed_query("where is printer toner ordered from"), dtype=np.float32)
    best = retriever.sentence_ranking(query, 1, None)[0]
    assert "toner" in retriever.texts[best]



def test_a_restart_reads_the_same_chunks_and_sentence_rows_as_the_first_start(tmp_path):
    settings, retriever, embeddings = build_knowledge_base(tmp_path)
    retriever.refresh()
    assert (settings.data_dir / "live-chunks" / "chunks.json").exists()  # saved for the next start
    again = Retriever(settings, Store(settings), embed_query=embeddings.embed_query,
                      embed_documents=embeddings.embed_documents)
    again.refresh()
    assert again.ids == retriever.ids and np.array_equal(again.vectors, retriever.vectors)
    vectors = SentenceVectors(settings.sentence_vectors_path).load()
    rows, owners = vectors.all_placed(again.ids + ["not-a-chunk"])
    expected = [(r, n) for n, chunk in enumerate(again.ids) for r in vectors.placed(chunk)]
    assert list(zip(rows.tolist(), owners.tolist())) == expected and expected
    question = "What does cloud outsourcing include?"
    assert [h.id for h in again.search(question)] == [h.id for h in retriever.search(question)]


def test_saved_vectors_rank_sentences_as_the_vectors_just_embedded_would(tmp_path):
    from assistant.knowledge.passage_sentences import candidates, embedding_texts

    settings, retriever, embeddings = build_knowledge_base(tmp_path)
    retriever.refresh()
    assert isinstance(SentenceVectors(settings.sentence_vectors_path).load()._saved_matrix, np.memmap)
    hits = [retriever.hit_at(p, 0.0) for p in range(len(retriever.ids))]
    found = candidates(hits)
    _, placed = embedding_texts(hits, found)
    exact = np.asarray(embeddings.embed_documents(placed), dtype=np.float32)
    for question in ("What does cloud outsourcing include?", "risks of losing control", "how do we pick a vendor"):
        query = np.asarray(embeddings.embed_query(question), dtype=np.float32)
        scores = exact @ query
        best = {}
        for c, score in zip(found, scores):
            best[c.hit_index] = max(best.get(c.hit_index, -1.0), float(score))
        expected = sorted(best, key=lambda p: (-best[p], p))[:5]
        assert retriever.sentence_ranking(query, 5, None) == expected


def test_a_saved_store_keeps_one_vectors_file_and_a_reader_keeps_reading_its_own(tmp_path):
    settings, retriever, embeddings = build_knowledge_base(tmp_path)
    before = SentenceVectors(settings.sentence_vectors_path).load()
    row = before.placed(sorted(before.chunks)[0])[0]
    kept = before.vectors([row]).copy()
    guide = settings.knowledge_dir / "guide" / "guide.md"
    guide.write_text(guide.read_text() + "\n## Escrow\n\nSource code escrow protects the buyer.\n", encoding="utf-8")
    ingest(settings, embed=embeddings.embed_documents, store=Store(settings))
    assert len(list(settings.data_dir.glob("sentence-vectors.*.npy"))) == 1
    assert np.array_equal(before.vectors([row]), kept)  # its file was replaced, not overwritten


def test_sentence_vectors_of_an_older_version_are_indexed_again_embedding_only_new_texts(tmp_path, monkeypatch):
    import assistant.knowledge.ingest as ingest_module
    import assistant.knowledge.sentence_vectors as sentence_vectors

    settings, _, _ = build_knowledge_base(tmp_path)
    assert sentence_vectors.vectors_current(settings.sentence_vectors_path)
    # A new version of which sentences are embedded: the documents are unchanged, the index is not current.
    monkeypatch.setattr(sentence_vectors, "SENTENCES_VERSION", "next")
    monkeypatch.setattr(ingest_module, "SENTENCES_VERSION", "next")
    assert not sentence_vectors.vectors_current(settings.sentence_vectors_path)
    counting = CountingEmbeddings()
    ingest(settings, embed=counting.embed_documents, store=Store(settings))
    assert sentence_vectors.vectors_current(settings.sentence_vectors_path)
    assert counting.embedded == []  # every text was embedded before: only the chunks' rows were rebuilt
