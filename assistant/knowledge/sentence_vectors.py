"""Vectors of every passage's sentences, computed at ingestion and kept beside the store.

A question then embeds only itself: the composer looks its candidate sentences up here, and
retrieval ranks passages by their best sentence as well as by their whole text. Vectors are keyed
by a digest of the exact text embedded, so a changed passage can never be served a stale vector.

The vectors are saved in a .npy file of their own, which a reader memory-maps: a search touches only
the rows of the passages it compares, so a large store costs disk, not memory.
"""

import hashlib
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable

import numpy as np

from assistant.knowledge.passage_sentences import candidates, embedding_texts
from assistant.knowledge.retrieval import Hit

Embed = Callable[[list[str]], list[list[float]]]
# Not float16: half the disk, but numpy widens it at ~5 ns a number, which cost more than the search
# itself (20 ms for the 10k rows a search at 50k chunks compares); float32 rows are copied as they are.
SAVED_DTYPE = np.float32
# Bump when which sentences of a chunk are embedded changes (2: paragraphs opening with a bold label are
# list items): every live chunk is indexed again, and only texts never embedded meet the model.
SENTENCES_VERSION = "2"


def vectors_current(path: Path) -> bool:
    """Return whether saved sentence vectors exist and were made by this SENTENCES_VERSION (reads no vector)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return "version" in data.files and str(data["version"]) == SENTENCES_VERSION
    except (OSError, ValueError):
        return False


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class SentenceVectors:
    """A text-keyed cache of sentence vectors, with the sentences of each chunk, saved beside the store."""

    def __init__(self, path: Path, embed: Embed | None = None):
        self.path = path
        self._embed = embed
        self._saved_matrix: np.ndarray = np.zeros((0, 0), dtype=SAVED_DTYPE)
        # Vectors embedded since the last load, in blocks: appending never copies what came before.
        self._fresh: list[np.ndarray] = []
        self._fresh_matrix: np.ndarray | None = None
        self._rows: dict[str, int] | None = {}
        self._chunks: dict[str, list[int]] | None = {}
        self._saved: dict[str, np.ndarray] = {}
        self._loaded_mtime: float | None = None
        self.version = SENTENCES_VERSION  # of the chunks' rows; a file saved by an older version is older

    # The lookups by text and by chunk are built from the saved arrays on first use: a retriever
    # starting over 50k chunks needs neither (it takes the rows of every chunk at once, see all_placed).
    @property
    def rows(self) -> dict[str, int]:
        """Return the row of each text's vector, by the digest of the text."""
        if self._rows is None:
            self._rows = {str(d): i for i, d in enumerate(self._saved["digests"])}
        return self._rows

    @property
    def chunks(self) -> dict[str, list[int]]:
        """Return, per chunk id, the rows of its sentences placed in context, then of the same sentences alone."""
        if self._chunks is None:
            offsets, flat = self._saved["offsets"], self._saved["chunk_rows"]
            self._chunks = {str(c): flat[offsets[i]:offsets[i + 1]].tolist()
                            for i, c in enumerate(self._saved["chunk_ids"])}
        return self._chunks

    def load(self) -> "SentenceVectors":
        """Read the saved vectors if the file changed since the last read."""
        for _ in range(3):  # a writer may replace the files between our two reads: read its new pair
            try:
                mtime = self.path.stat().st_mtime
                if mtime == self._loaded_mtime:
                    return self
                with np.load(self.path, allow_pickle=False) as data:
                    saved = {name: data[name] for name in ("digests", "chunk_ids", "offsets", "chunk_rows")}
                    version = str(data["version"]) if "version" in data.files else "1"
                    matrix = (data["vectors"] if "vectors" in data.files
                              else np.load(self.path.parent / str(data["vectors_file"]), mmap_mode="r"))
            except FileNotFoundError:
                continue
            self._saved_matrix, self._saved, self.version = matrix, saved, version
            self._fresh, self._fresh_matrix = [], None
            self._rows, self._chunks = None, None
            self._loaded_mtime = mtime
            return self
        return self

    def __len__(self) -> int:
        return len(self._saved_matrix) + sum(len(b) for b in self._fresh)

    def vectors(self, rows) -> np.ndarray:
        """Return the vectors at these rows as float32."""
        rows = np.asarray(rows, dtype=np.int64)
        saved = len(self._saved_matrix)
        if len(rows) and rows.max() < saved:
            return np.asarray(self._saved_matrix[rows], dtype=np.float32)
        if self._fresh_matrix is None or len(self._fresh_matrix) != len(self) - saved:
            self._fresh_matrix = np.concatenate(self._fresh) if self._fresh else np.zeros((0, 0), np.float32)
        dim = self._saved_matrix.shape[1] if saved else self._fresh_matrix.shape[1] if len(self._fresh_matrix) else 0
        out = np.empty((len(rows), dim), dtype=np.float32)
        old = rows < saved
        if old.any():
            out[old] = self._saved_matrix[rows[old]]
        if not old.all():
            out[~old] = self._fresh_matrix[rows[~old] - saved]
        return out

    def all_placed(self, chunk_ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return (rows of the in-context sentence vectors, index in chunk_ids of each row's chunk) for many chunks."""
        saved_ids = self._saved.get("chunk_ids", np.zeros(0, dtype=str))
        if not len(saved_ids):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        offsets, flat = self._saved["offsets"], self._saved["chunk_rows"]
        wanted = np.asarray(chunk_ids, dtype=str)
        at = np.minimum(np.searchsorted(saved_ids, wanted), len(saved_ids) - 1)  # saved ids are sorted
        owners = np.flatnonzero(saved_ids[at] == wanted)
        starts, ends = offsets[at[owners]], offsets[at[owners] + 1]
        halves = (ends - starts) // 2  # the first half of a chunk's rows are its sentences in context
        # Row k of the result is row (k - rows before its chunk) of its chunk's segment.
        before = np.r_[0, np.cumsum(halves)[:-1]]
        rows = flat[np.repeat(starts - before, halves) + np.arange(int(halves.sum()))]
        return rows.astype(np.int64), np.repeat(owners, halves).astype(np.int64)

    def _add(self, texts: list[str]) -> list[str]:
        """Embed (and keep) the texts not seen before; return every text's digest."""
        digests = [_digest(t) for t in texts]
        rows = self.rows
        missing = list(dict.fromkeys(d for d in digests if d not in rows))
        if missing:
            if self._embed is None:
                raise RuntimeError("no embedding function to embed new sentences with")
            text_of = dict(zip(digests, texts))
            start = len(self)
            self._fresh.append(np.asarray(self._embed([text_of[d] for d in missing]), dtype=np.float32))
            rows.update({d: start + i for i, d in enumerate(missing)})
        return digests

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Return a vector per text, embedding (and keeping) only the texts not seen before."""
        digests = self._add(texts)
        return self.vectors([self.rows[d] for d in digests]).tolist()

    def index(self, hits: list[Hit], again: bool = False) -> int:
        """Embed the sentences of passages not indexed yet (or of all, again); return how many passages were indexed."""
        new = [h for h in hits if again or h.id not in self.chunks]
        if not new:
            return 0
        found = candidates(new)
        alone, placed = embedding_texts(new, found)
        self._add(alone + placed)
        own = defaultdict(list)
        for c, p, a in zip(found, placed, alone):
            own[c.hit_index].append((p, a))
        for n, hit in enumerate(new):
            self.chunks[hit.id] = ([self.rows[_digest(p)] for p, _ in own[n]]
                                   + [self.rows[_digest(a)] for _, a in own[n]])
        return len(new)

    def save(self, live_ids: set[str]) -> None:
        """Write the vectors of the live chunks' sentences (and nothing else) atomically."""
        chunk_ids = sorted(c for c in self.chunks if c in live_ids)
        if not self.rows:
            return
        keep = sorted({r for c in chunk_ids for r in self.chunks[c]})
        remap = {old: new for new, old in enumerate(keep)}
        digest_of = {row: d for d, row in self.rows.items()}
        digests = [digest_of[r] for r in keep]
        offsets, flat = [0], []
        for chunk in chunk_ids:
            flat.extend(remap[r] for r in self.chunks[chunk])
            offsets.append(len(flat))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # The vectors go to a file of a new name, and the index naming it replaces the old index in one
        # step: a reader sees the old pair or the new one, and an old file it has mapped stays readable.
        vectors_file = f"{self.path.stem}.{time.time_ns():x}.{os.getpid()}.npy"
        np.save(self.path.parent / vectors_file, self.vectors(keep).astype(SAVED_DTYPE) if keep
                else np.zeros((0, 0), dtype=SAVED_DTYPE))
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, vectors_file=np.asarray(vectors_file), digests=np.asarray(digests),
                 chunk_ids=np.asarray(chunk_ids, dtype=str), offsets=np.asarray(offsets, dtype=np.int64),
                 chunk_rows=np.asarray(flat, dtype=np.int64), version=np.asarray(SENTENCES_VERSION))
        os.replace(tmp, self.path)
        for old in self.path.parent.glob(f"{self.path.stem}.*.npy"):
            if old.name != vectors_file:
                old.unlink(missing_ok=True)
        self._loaded_mtime = None
        self.load()

    def placed(self, chunk_id: str) -> list[int]:
        """Return the rows of a chunk's sentences embedded in their context (empty if not indexed)."""
        rows = self.chunks.get(chunk_id, [])
        return rows[: len(rows) // 2]
