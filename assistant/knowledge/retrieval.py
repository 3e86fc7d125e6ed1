"""Hybrid retrieval: dense (Chroma), best-sentence and lexical (BM25) rankings fused by reciprocal rank."""

import threading
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from assistant.knowledge.lexical import LEXICAL_VERSION, lexical_index, tokenize
from assistant.knowledge.snapshot import LiveChunks, load_snapshot, save_snapshot
from assistant.knowledge.store import Store, StoreError
from assistant.settings import Settings

RRF_K = 60
# Each ranking is fused to this depth whatever k is asked for, so the first 5 of a search for 8 are
# the 5 a search for 5 returns: a deeper fusion reorders the top (rank 25 in all three rankings beats
# rank 1 in two), and asking for more passages must not change which come first.
FUSION_DEPTH = 20
MODES = ("hybrid", "dense", "bm25")
# Above EXACT_SENTENCES chunks, the sentence ranking compares the sentences of the SENTENCE_POOL best
# chunks by whole-text vector and as many by BM25; a smaller store has every chunk's compared, in memory.
SENTENCE_POOL = 1000
EXACT_SENTENCES = 5000
QUERY_VECTORS_KEPT = 256


@dataclass
class Hit:
    """One retrieved passage; `score` is its cosine similarity to the query."""

    id: str
    text: str
    source: str
    title: str
    section: str
    score: float
    metadata: dict = field(default_factory=dict)

    def public(self) -> dict:
        """Return the stable JSON shape of a hit (the `assistant search --json` contract)."""
        data = asdict(self)
        data["score"] = round(float(self.score), 4)
        data["metadata"] = {k: v for k, v in self.metadata.items() if k not in {"source", "title", "section"}}
        return data


def matches(metadata: dict, filters: dict | None) -> bool:
    """Return whether chunk metadata satisfies every filter (list fields match by membership)."""
    for key, wanted in (filters or {}).items():
        value = metadata.get(key)
        options = wanted if isinstance(wanted, (list, tuple, set)) else [wanted]
        if isinstance(value, str) and value.startswith("|"):
            if not any(f"|{str(o).lower()}|" in value.lower() for o in options):
                return False
        elif value not in options:
            return False
    return True


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Return the indices of the n highest scores, highest first (ties in index order)."""
    if len(scores) > n:
        part = np.argpartition(-scores, n - 1)[:n]
        return part[np.lexsort((part, -scores[part]))]
    return np.lexsort((np.arange(len(scores)), -scores))


def query_embeddings(settings: Settings):
    """Return the embeddings of the question path for these settings (loaded once per process)."""
    from assistant.embeddings import load_query_embeddings

    return load_query_embeddings(settings.embedding_model, settings.model_cache_dir, settings.query_embedding)


class Retriever:
    """Search the live chunks of the store; reloads itself when the manifest changes."""

    def __init__(self, settings: Settings, store: Store | None = None, embed_query: Callable[[str], list[float]] | None = None,
                 embed_documents: Callable[[list[str]], list[list[float]]] | None = None):
        self.settings = settings
        self.store = store or Store(settings)
        from assistant.knowledge.sentence_vectors import SentenceVectors  # it builds on Hit, defined here

        self._embed_query = embed_query
        # Sentence vectors come from ingestion; only text it never saw is embedded here, as questions are.
        self.sentences = SentenceVectors(settings.sentence_vectors_path,
                                         embed_documents or (lambda texts: query_embeddings(settings).embed_documents(texts)))
        self._sentence_rows = self._sentence_spans = self._sentence_block = None
        self._acronyms: dict[str, tuple[str | None, bool]] = {}
        self._unknown_codes: dict[str, bool] = {}
        self._document_terms: dict[str, frozenset[str]] = {}
        self._document_words: dict[str, str] = {}
        self._source_positions: dict[str, list[int]] | None = None
        self._revision: str | None = None
        self._stamp: tuple | None = None
        self._runs = self._positions = None
        self.ids: list[str] = []
        self._query_vectors: dict[str, tuple[float, ...]] = {}
        self._query_vectors_lock = threading.Lock()

    def embed_query(self, text: str) -> list[float]:
        """Embed a query with the configured model (loaded on first use)."""
        if self._embed_query is None:
            self._embed_query = query_embeddings(self.settings).embed_query
        # Search and the composer embed the same question; the model runs once for it.
        vector = self._query_vectors.get(text)
        if vector is None:
            vector = tuple(self._embed_query(text))
            with self._query_vectors_lock:
                self._query_vectors[text] = vector
                while len(self._query_vectors) > QUERY_VECTORS_KEPT:
                    self._query_vectors.pop(next(iter(self._query_vectors)))
        return list(vector)

    def forget_queries(self) -> None:
        """Forget the questions embedded so far (a benchmark measures the model each time)."""
        with self._query_vectors_lock:
            self._query_vectors.clear()

    def refresh(self) -> None:
        """Load the live chunks if the committed manifest changed since the last load."""
        # Unwritten store files mean an unchanged manifest; else the revision alone is read first:
        # parsing the whole manifest of 50k chunk ids for each question cost more than the search.
        stamp = self.store.write_stamp()
        if self._revision is not None and stamp is not None and stamp == self._stamp:
            return
        if self._revision is not None and self.store.manifest_revision() == self._revision:
            self._stamp = stamp
            return
        manifest = self.store.load_manifest()
        if manifest.revision == self._revision:
            return
        live = sorted(manifest.live_ids)
        if not live:
            raise StoreError("the knowledge base is empty: run `assistant ingest` first")
        chunks = self._live_chunks(live, manifest.revision)
        self.ids, self.texts, self.metadatas, self.vectors = chunks.ids, chunks.texts, chunks.metadatas, chunks.vectors
        # The index is saved beside the store under the manifest revision: a restart loads it in a blink.
        self.bm25 = lexical_index([f"{m.get('title', '')} {m.get('section', '')} {t}" for m, t in zip(self.metadatas, self.texts)],
                                  self.settings.data_dir / "lexical-index", f"{manifest.revision}|{LEXICAL_VERSION}")
        self._load_sentences()
        self._runs = self._positions = None
        self._acronyms: dict[str, tuple[str | None, bool]] = {}
        self._unknown_codes: dict[str, bool] = {}
        self._document_terms, self._document_words, self._source_positions = {}, {}, None
        self.manifest = manifest
        self._revision, self._stamp = manifest.revision, stamp

    def _live_chunks(self, live: list[str], key: str) -> LiveChunks:
        """Return the live chunks: from the snapshot saved under this revision, else from the store (then saved)."""
        folder = self.settings.data_dir / "live-chunks"
        cached = load_snapshot(folder, key)
        if cached is not None and sorted(cached.ids) == live:
            return cached
        data = self.store.fetch(live, with_vectors=True)
        chunks = LiveChunks(list(data["ids"]), list(data["documents"]), [dict(m or {}) for m in data["metadatas"]],
                            np.asarray(data["embeddings"], dtype=np.float32))
        try:
            save_snapshot(folder, key, chunks)
        except OSError:
            pass  # a read-only data dir still answers; the next start reads the store again
        return chunks

    def _load_sentences(self) -> None:
        """Gather the rows of the live chunks' sentence vectors, and where each chunk's rows lie among them."""
        self.sentences.load()
        rows, owner = self.sentences.all_placed(self.ids)
        # Each chunk's sentences are consecutive rows: spans[p] is (first, end) of chunk p's, (0, 0) if none.
        spans = np.zeros((len(self.ids), 2), dtype=np.int64)
        if len(owner):
            first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            spans[owner[first], 0] = first
            spans[owner[first], 1] = np.r_[first[1:], len(owner)]
        self._sentence_rows, self._sentence_spans = (rows, spans) if len(rows) else (None, None)
        # A store within the pool compares every sentence each time: those are kept unpacked in memory.
        self._sentence_block = None
        if len(rows) and len(self.ids) <= EXACT_SENTENCES:
            self._sentence_block = (self.sentences.vectors(rows), owner[first], first)

    def sentence_ranking(self, vector: np.ndarray, n: int, allowed: set[int] | None,
                         among: list[int] | None = None) -> list[int]:
        """Return positions of the chunks whose best sentence is nearest the query (of `among`, if given)."""
        if self._sentence_rows is None:
            return []
        if among is None and self._sentence_block is not None:
            block, positions, starts = self._sentence_block
            best = np.maximum.reduceat(block @ vector, starts)
            if allowed is not None:
                keep = np.isin(positions, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
                best, positions = best[keep], positions[keep]
            return [int(p) for p in positions[_top(best, n)]]
        positions = (np.arange(len(self.ids)) if among is None
                     else np.unique(np.fromiter(among, dtype=np.int64, count=len(among))))
        if allowed is not None:
            positions = positions[np.isin(positions, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))]
        starts, ends = self._sentence_spans[positions].T
        counts = ends - starts
        positions, starts, counts = positions[counts > 0], starts[counts > 0], counts[counts > 0]
        if not len(positions):
            return []
        # Row k of the gathered block is row (k - rows before its chunk) of its chunk's span.
        before = np.r_[0, np.cumsum(counts)[:-1]]
        rows = self._sentence_rows[np.repeat(starts - before, counts) + np.arange(int(counts.sum()))]
        best = np.maximum.reduceat(self.sentences.vectors(rows) @ vector, before)
        return [int(p) for p in positions[_top(best, n)]]

    def widen(self, hits: list[Hit]) -> list[Hit]:
        """Return the hits with the neighbouring chunks of their sections (see section_window)."""
        from assistant.knowledge.section_window import section_runs, widen

        if self._runs is None:
            self._runs = section_runs(self.metadatas)
            self._positions = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        return widen(hits, self._positions, self._runs, self.ids, self.texts, self.settings.section_window_chars)

    def acronym(self, acronym: str) -> tuple[str | None, bool]:
        """Return what the documents define an acronym as (or None), and whether they may spell it out at all."""
        from assistant.knowledge.acronyms import is_spelled_out, spell_out

        if self._revision is None:  # callers mid-question have refreshed already; a manifest read each time is waste
            self.refresh()
        if acronym not in self._acronyms:
            self._acronyms[acronym] = (spell_out(acronym, self.texts), is_spelled_out(acronym, self.texts))
        return self._acronyms[acronym]

    def source_positions(self, source: str) -> list[int]:
        """Return the positions of a document's chunks, in store order."""
        if self._source_positions is None:
            self._source_positions = {}
            for position, meta in enumerate(self.metadatas):
                self._source_positions.setdefault(meta.get("source", ""), []).append(position)
        return self._source_positions.get(source, [])

    def document_terms(self, source: str) -> frozenset[str]:
        """Return the terms of every chunk of a document, with its title and headings (read once per document)."""
        if source not in self._document_terms:
            self._document_terms[source] = frozenset(self._document_text(source).split())
        return self._document_terms[source]

    def document_holds(self, source: str, phrase: str) -> bool:
        """Return whether a document (its chunks, title and headings) holds a phrase, compared as terms in order."""
        wanted = " ".join(tokenize(phrase))
        return bool(wanted) and f" {wanted} " in self._document_text(source)

    def _document_text(self, source: str) -> str:
        """Return a document's terms in order, space-separated and padded (tokenised once per document)."""
        if source not in self._document_words:
            words = []
            for position in self.source_positions(source):
                meta = self.metadatas[position]
                words.extend(tokenize(f"{meta.get('title', '')} {meta.get('section', '')} {self.texts[position]}"))
            self._document_words[source] = f" {' '.join(words)} "
        return self._document_words[source]

    def unknown_code(self, code: str) -> bool:
        """Return whether the documents number a code's family ("Priority 1", "Priority 2") but never this code ("P3")."""
        from assistant.knowledge.acronyms import unknown_code

        if code not in self._unknown_codes:
            self._unknown_codes[code] = unknown_code(code, self.texts)
        return self._unknown_codes[code]

    def hit_at(self, position: int, similarity: float) -> Hit:
        """Return the live chunk at a position as a Hit."""
        meta = self.metadatas[position]
        return Hit(self.ids[position], self.texts[position], meta.get("source", ""), meta.get("title", ""),
                   meta.get("section", ""), similarity, meta)

    @staticmethod
    def dense_ranking(similarities: np.ndarray, n: int, allowed: set[int] | None) -> list[int]:
        """Return positions of the live chunks nearest the query, by exact cosine over the vectors in memory."""
        # The live vectors are in memory already: one product ranks them exactly, with no second search.
        if allowed is None:
            return [int(p) for p in _top(similarities, n)]
        positions = np.fromiter(sorted(allowed), dtype=np.int64, count=len(allowed))
        return [int(p) for p in positions[_top(similarities[positions], n)]]

    def search(
        self, query: str, k: int | None = None, filters: dict | None = None, mode: str = "hybrid",
        kind_weights: dict[str, float] | None = None,
    ) -> list[Hit]:
        """Return the k best passages for the query, best first; kind_weights scale a document kind's fused score."""
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
        self.refresh()
        k = k or self.settings.top_k
        depth = max(k, FUSION_DEPTH)
        vector = np.asarray(self.embed_query(query), dtype=np.float32)
        similarities = self.vectors @ vector
        allowed = {i for i, m in enumerate(self.metadatas) if matches(m, filters)} if filters else None
        # Both rankings are sorted by (score, position): the first `depth` of a deeper list are the same list.
        pooled = mode == "hybrid" and len(self.ids) > EXACT_SENTENCES
        pool = max(SENTENCE_POOL, depth) if pooled else depth
        dense = self.dense_ranking(similarities, pool, allowed) if mode in ("hybrid", "dense") else []
        lexical = [p for p, _ in self.bm25.top(query, pool, allowed)] if mode in ("hybrid", "bm25") else []
        rankings = []
        if mode in ("hybrid", "dense"):
            rankings.append(dense[:depth])
        if mode == "hybrid":
            # A long passage whose one sentence answers is found by that sentence; beyond a small store,
            # only among the chunks the other two rankings put near the top, not the whole store.
            among = dense + lexical if pooled else None
            rankings.append(self.sentence_ranking(vector, depth, allowed, among))
        if mode in ("hybrid", "bm25"):
            rankings.append(lexical[:depth])
        fused: dict[int, float] = {}
        for ranking in rankings:
            for rank, position in enumerate(ranking):
                fused[position] = fused.get(position, 0.0) + 1.0 / (RRF_K + rank + 1)
        for position in fused:
            fused[position] *= (kind_weights or {}).get(self.metadatas[position].get("kind"), 1.0)
        best = sorted(fused, key=lambda p: (-fused[p], -similarities[p]))[:k]
        return [self.hit_at(p, float(similarities[p])) for p in best]
