"""Open the Chroma store (embedded or client/server) and keep its manifest."""

import json
import os
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from assistant.settings import Settings

# chromadb is imported where a store is opened: a command that finds nothing to do (an unchanged
# re-ingest) reads the manifest copy and never pays for importing it.

_MANIFEST_ID = "manifest"
_STAMP_SETTLE_NS = 1_000_000_000


class StoreError(RuntimeError):
    """The vector store cannot be reached or has not been built."""


@dataclass
class SourceEntry:
    """What the store holds for one source file."""

    file_hash: str
    title: str
    kind: str
    chunk_ids: list[str]
    path: str = ""
    secrets: list[dict] = field(default_factory=list)  # {"kind", "where"} of each redacted credential
    planted: list[str] = field(default_factory=list)  # where it addresses an AI model ("line 4")


@dataclass
class Manifest:
    """The committed state of the store: which chunks are live, built how."""

    generation: str = ""
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    updated_at: float = 0.0

    @property
    def live_ids(self) -> set[str]:
        """Return the ids of every chunk the manifest vouches for."""
        return {cid for entry in self.sources.values() for cid in entry.chunk_ids}

    @property
    def revision(self) -> str:
        """Return a token that changes whenever the manifest does."""
        return f"{self.generation}:{self.updated_at}:{len(self.sources)}"

    def to_json(self) -> str:
        """Serialise the manifest."""
        return json.dumps(
            {
                "generation": self.generation,
                "updated_at": self.updated_at,
                "sources": {key: vars(entry) for key, entry in sorted(self.sources.items())},
            }
        )

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        """Parse a serialised manifest."""
        data = json.loads(text)
        sources = {key: SourceEntry(**value) for key, value in data.get("sources", {}).items()}
        return cls(data.get("generation", ""), sources, data.get("updated_at", 0.0))


def read_manifest_copy(settings: Settings) -> Manifest | None:
    """Return the embedded store's manifest from its copy beside the store, or None when there is none to trust."""
    if settings.chroma_url:
        return None  # a server's store is written by other hosts too; only Chroma knows its manifest
    try:
        return Manifest.from_json(settings.manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None


def open_client(settings: Settings):
    """Return a Chroma client: HTTP when a server URL is set, else a persistent local store."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in {"http", "https"} or not url.hostname:
            raise StoreError(f"ASSISTANT_CHROMA_URL must look like http://host:port, got {settings.chroma_url!r}")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # the client raises several unrelated types when the server is down
            raise StoreError(f"cannot reach the Chroma server at {settings.chroma_url} ({exc})") from exc
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.store_dir), settings=chroma_settings)


class Store:
    """The chunk collection and its manifest collection in one Chroma database."""

    def __init__(self, settings: Settings, client=None):
        self.settings = settings
        self._own_client = client is None
        self._open(client or open_client(settings))

    def _open(self, client) -> None:
        self.client = client
        # embedding_function=None: Chroma's default would download a model; we always pass vectors.
        self.chunks = self.client.get_or_create_collection(
            self.settings.collection, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
        self._manifests = self.client.get_or_create_collection(
            f"{self.settings.collection}-manifest", embedding_function=None
        )

    def _reading(self, read):
        """Run a read; if another process changed the embedded store under this one, reopen it and read again."""
        from chromadb.errors import InternalError

        try:
            return read()
        except InternalError:
            if self.settings.chroma_url or not self._own_client:
                raise
            # An embedded client keeps its view of the files from when it opened them; after another
            # process commits, that view can name ids that moved. A fresh client reads them as they are.
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient.clear_system_cache()
            self._open(open_client(self.settings))
            return read()

    def load_manifest(self) -> Manifest:
        """Return the committed manifest, or an empty one for a new store."""
        found = self._reading(lambda: self._manifests.get(ids=[_MANIFEST_ID], include=["documents"]))
        if not found["ids"]:
            return Manifest()
        return Manifest.from_json(found["documents"][0])

    def write_stamp(self) -> tuple | None:
        """Return a token that changes whenever an embedded store's files are written (None: cannot tell)."""
        if self.settings.chroma_url:
            return None  # a server's files are not ours to watch
        stamp = []
        for name in ("chroma.sqlite3", "chroma.sqlite3-wal"):
            try:
                info = (self.settings.store_dir / name).stat()
            except FileNotFoundError:
                stamp.append(None)
                continue
            # File times tick coarsely: a write in the same tick as a recent one may leave the time as it was.
            if time.time_ns() - info.st_mtime_ns < _STAMP_SETTLE_NS:
                return None
            stamp.append((info.st_mtime_ns, info.st_size))
        return tuple(stamp)

    def manifest_revision(self) -> str | None:
        """Return the committed manifest's revision without reading the manifest (None if not recorded)."""
        found = self._reading(lambda: self._manifests.get(ids=[_MANIFEST_ID], include=["metadatas"]))
        if not found["ids"]:
            return ""
        return (found["metadatas"][0] or {}).get("revision")

    def commit_manifest(self, manifest: Manifest) -> None:
        """Write the manifest in one call: the moment new chunks become live."""
        manifest.updated_at = time.time()
        copy = None if self.settings.chroma_url else self.settings.manifest_path
        if copy is not None:
            # Gone before the commit and back after it: a crash in between leaves no copy, never a stale one.
            copy.unlink(missing_ok=True)
        # The revision rides in the record's metadata, so a reader can check it without parsing the manifest.
        self._manifests.upsert(ids=[_MANIFEST_ID], documents=[manifest.to_json()], embeddings=[[0.0]],
                               metadatas=[{"revision": manifest.revision}])
        self.keep_manifest_copy(manifest)

    def keep_manifest_copy(self, manifest: Manifest) -> None:
        """Write the copy of the committed manifest that lets a later command skip opening Chroma."""
        if self.settings.chroma_url:
            return
        copy = self.settings.manifest_path
        partial = copy.with_name(f".{copy.name}.{os.getpid()}")
        partial.write_text(manifest.to_json(), encoding="utf-8")
        os.replace(partial, copy)

    def existing_ids(self, ids: list[str]) -> set[str]:
        """Return which of the given chunk ids are already stored."""
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            found.update(self.chunks.get(ids=ids[start : start + 500], include=[])["ids"])
        return found

    def all_ids(self) -> set[str]:
        """Return every chunk id in the collection, live or not."""
        return set(self.chunks.get(include=[])["ids"])

    def add(self, ids: list[str], texts: list[str], metadatas: list[dict], vectors: list[list[float]]) -> None:
        """Store chunks with their vectors."""
        for start in range(0, len(ids), 256):
            end = start + 256
            self.chunks.upsert(
                ids=ids[start:end], documents=texts[start:end], metadatas=metadatas[start:end],
                embeddings=vectors[start:end],
            )

    def update_metadata(self, ids: list[str], metadatas: list[dict]) -> None:
        """Replace the metadata of stored chunks, keeping their vectors."""
        for start in range(0, len(ids), 256):
            self.chunks.update(ids=ids[start : start + 256], metadatas=metadatas[start : start + 256])

    def delete(self, ids: list[str]) -> None:
        """Remove chunks by id."""
        for start in range(0, len(ids), 500):
            self.chunks.delete(ids=ids[start : start + 500])

    def fetch(self, ids: list[str], with_vectors: bool = False) -> dict:
        """Return documents and metadata (and optionally vectors) of the given chunks."""
        include = ["documents", "metadatas"] + (["embeddings"] if with_vectors else [])
        result = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
        for start in range(0, len(ids), 500):
            part = self._reading(lambda: self.chunks.get(ids=ids[start : start + 500], include=include))
            for key in ("ids", "documents", "metadatas"):
                result[key].extend(part[key])
            if with_vectors:
                result["embeddings"].extend(list(v) for v in part["embeddings"])
        return result
