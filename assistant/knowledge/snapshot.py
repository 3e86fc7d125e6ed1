"""The live chunks (ids, texts, metadata, vectors) saved beside the store under the manifest revision.

Reading tens of thousands of chunks with their vectors out of Chroma takes seconds at every start;
the same data as one JSON file and one .npy array loads in a fraction of that. A snapshot is only
used while its key (the manifest revision) is the committed one, so it can never show stale chunks.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.knowledge.saved_folder import replace_folder


@dataclass
class LiveChunks:
    """Every live chunk, in one order: ids, texts, metadata and vectors."""

    ids: list[str]
    texts: list[str]
    metadatas: list[dict]
    vectors: np.ndarray


def load_snapshot(folder: Path, key: str) -> LiveChunks | None:
    """Return the chunks saved under this key, or None when missing, stale or unreadable."""
    try:
        data = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        vectors = np.load(folder / "vectors.npy", allow_pickle=False)
    except (OSError, ValueError, KeyError):
        return None
    if len(vectors) != len(data["ids"]):
        return None
    return LiveChunks(data["ids"], data["texts"], data["metadatas"], vectors)


def save_snapshot(folder: Path, key: str, chunks: LiveChunks) -> None:
    """Write the chunks under a key, replacing the folder atomically (a failure leaves the old one)."""
    def write(target: Path) -> None:
        np.save(target / "vectors.npy", np.asarray(chunks.vectors, dtype=np.float32))
        (target / "chunks.json").write_text(json.dumps({"key": key, "ids": chunks.ids, "texts": chunks.texts,
                                                        "metadatas": chunks.metadatas}), encoding="utf-8")

    replace_folder(folder, write)
