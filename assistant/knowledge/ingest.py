"""Incremental, idempotent ingestion of the knowledge base into the store."""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from assistant.knowledge.boilerplate import strip_boilerplate
from assistant.knowledge.chunking import Chunk, chunk_document
from assistant.knowledge.layout import PAGE_LINE, line_starts
from assistant.knowledge.loaders import SUPPORTED_SUFFIXES, DocumentError, load_document
from assistant.knowledge.locks import KnowledgeBaseBusy, writing
from assistant.knowledge.planted import planted_lines
from assistant.knowledge.secrets import find_secrets, redact
from assistant.knowledge.retrieval import Hit
from assistant.knowledge.sentence_vectors import SENTENCES_VERSION, SentenceVectors, vectors_current
from assistant.knowledge.store import Manifest, SourceEntry, Store, read_manifest_copy
from assistant.settings import Settings
from assistant.vendors import VendorProfileError, load_vendor, render_vendor, vendor_metadata

# Bump when chunking or rendering changes so existing stores are rebuilt, not mixed (which sentences are
# embedded has its own version: sentence_vectors.SENTENCES_VERSION).
CHUNKER_VERSION = "14"
SENTENCE_BATCH = 256
VENDOR_SUFFIXES = {".yaml", ".yml"}


@dataclass
class FileResult:
    """What happened to one file."""

    source: str
    status: str  # added | updated | unchanged | removed | skipped
    reason: str = ""
    chunks: int = 0
    secrets: list[dict] = field(default_factory=list)  # {"kind", "where"}: never the value
    planted: list[str] = field(default_factory=list)  # where sentences addressed to an AI model stand


@dataclass
class IngestReport:
    """The outcome of one ingestion run."""

    files: list[FileResult] = field(default_factory=list)
    written: int = 0
    deleted: int = 0

    def count(self, status: str) -> int:
        """Return how many files ended with the given status."""
        return sum(1 for f in self.files if f.status == status)

    @property
    def readable(self) -> int:
        """Return how many files were read successfully (new, changed or unchanged)."""
        return sum(1 for f in self.files if f.status in {"added", "updated", "unchanged"})

    @property
    def skipped(self) -> list[FileResult]:
        """Return the files that could not be ingested."""
        return [f for f in self.files if f.status == "skipped"]


def generation(settings: Settings) -> str:
    """Return the build recipe identity; a different one forces a rebuild."""
    return f"{settings.embedding_model}|chunk={settings.chunk_size}|v{CHUNKER_VERSION}"


def source_name(path: Path, settings: Settings) -> str:
    """Return the stable source identifier of a file (relative for built-in and uploaded files)."""
    path = path.resolve()
    for root, prefix in ((settings.knowledge_dir.resolve(), "knowledge"), (settings.uploads_dir.resolve(), "uploads")):
        if path.is_relative_to(root):
            return f"{prefix}/{path.relative_to(root).as_posix()}"
    return path.as_posix()


def _kind(source: str) -> str:
    if source.startswith("knowledge/"):
        folder = source.split("/")[1] if source.count("/") >= 2 else ""
        return {"guide": "guide", "vendors": "vendor", "practices": "practice"}.get(folder, "document")
    return "document"


def discover(paths: list[Path]) -> tuple[list[Path], list[FileResult]]:
    """Expand files and folders into candidate files; report paths that do not exist."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            files.append(path)
        else:
            problems.append(FileResult(str(path), "skipped", "no such file or folder"))
    return files, problems


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class ReadFile:
    """One file read for the store: its title, its chunks and the credentials redacted from them."""

    title: str
    chunks: list[Chunk]
    secrets: list[dict] = field(default_factory=list)
    planted: list[str] = field(default_factory=list)


def _places(spans: list[tuple[int, int]], text: str, path: Path, paginated: bool) -> list[str]:
    """Return where a reader finds each text[start:end] in the file: its page, its line, or its paragraph."""
    if paginated:
        marks = [(m.start(), int(m.group(1))) for m in re.finditer(PAGE_LINE.pattern, text, re.MULTILINE)]
        return [f"page {next((n for at, n in reversed(marks) if at < start), 1)}" for start, _ in spans]
    raw = ""
    if spans and path.suffix.lower() in {".md", ".markdown", ".txt", ".html", ".htm"}:
        try:
            raw = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            pass
    places = []
    for start, end in spans:
        at = raw.find(text[start:end].split("\n")[0].strip()[:60]) if raw else -1
        places.append(f"line {raw.count(chr(10), 0, at) + 1}" if at >= 0
                      else f"paragraph {text.count(chr(10) + chr(10), 0, start) + 1}")
    return places


def describe_secrets(secrets: list[dict]) -> str:
    """Return a list of redacted credentials as one line for a report: kinds and places, never values."""
    return "; ".join(f"{s['kind']} ({s['where']})" for s in secrets)


def describe_planted(planted: list[str]) -> str:
    """Return where a document addresses an AI model, as one line for a report."""
    return f"instructions addressed to an AI model ({', '.join(planted)}), kept but never quoted" if planted else ""


def chunks_for(path: Path, source: str, settings: Settings) -> ReadFile:
    """Read, redact and chunk one file, raising DocumentError or VendorProfileError when it cannot be used."""
    kind = _kind(source)
    if kind == "vendor" and path.suffix.lower() not in VENDOR_SUFFIXES:
        kind = "document"  # e.g. a README beside the profiles
    if kind == "vendor":
        vendor = load_vendor(path)
        text = render_vendor(vendor)
        metadata = vendor_metadata(vendor)
        title = vendor.name + (" (sample profile for illustration)" if vendor.sample else "")
        return ReadFile(vendor.name, chunk_document(text, source, title, settings.chunk_size, metadata))
    document = load_document(path, int(settings.max_upload_mb * 1_000_000))
    text = strip_boilerplate(document.text)
    # Credentials never reach the store: what is not stored cannot be retrieved, quoted or shown.
    found = find_secrets(text)
    places = _places([(s.start, s.end) for s in found], text, path, document.paginated)
    secrets = [{"kind": s.kind, "where": where} for s, where in zip(found, places)]
    if secrets and settings.secrets == "refuse":
        raise DocumentError(f"holds credentials: {describe_secrets(secrets)}; remove them, "
                            "or set ASSISTANT_SECRETS=redact to store the file with them blanked out")
    text = redact(text, found)
    starts = line_starts(text)
    planted = list(dict.fromkeys(_places([(starts[n - 1], starts[n] - 1) for n in planted_lines(text)],
                                         text, path, document.paginated)))
    chunks = chunk_document(text, source, document.title, settings.chunk_size, {"kind": kind, "format": document.kind})
    if not chunks:
        raise DocumentError("no text left after removing boilerplate")
    return ReadFile(document.title, chunks, secrets, planted)


def ingest(
    settings: Settings,
    paths: list[Path] | None = None,
    embed: Callable[[list[str]], list[list[float]]] | None = None,
    store: Store | None = None,
    prune_missing: bool = True,
    only_these: bool = False,
) -> IngestReport:
    """Bring the store in step with the given paths (default: the knowledge base and uploads).

    only_these drops every source outside the paths too: a store that must hold exactly them (an
    evaluation corpus's) keeps no copy of a document ingested from another checkout.

    One writer at a time: another process's ingest, upload or removal is waited for (up to
    ASSISTANT_WRITER_WAIT_S), and KnowledgeBaseBusy is raised, with nothing changed, after that.
    """
    with writing(settings.data_dir, settings.writer_wait_s):
        return _ingest(settings, paths, embed, store or Store(settings), prune_missing, only_these)


def unchanged_report(settings: Settings, paths: list[Path] | None = None, prune_missing: bool = True) -> IngestReport | None:
    """Return the report of an ingest that would change nothing, judged from the manifest copy; None if it would.

    Opens no store and reads no document: a changed, new, removed or unreadable file, a new recipe or
    missing or outdated sentence vectors all return None, and the full ingest decides.
    """
    committed = read_manifest_copy(settings)
    if committed is None or committed.generation != generation(settings) or not vectors_current(settings.sentence_vectors_path):
        return None
    roots = _roots(settings, paths)
    files, problems = discover(roots)
    report = IngestReport(files=problems)
    seen_sources: set[str] = set()
    for path in files:
        source = source_name(path, settings)
        reason = _unsupported(path, source)
        if reason:
            report.files.append(FileResult(source, "skipped", reason))
            continue
        seen_sources.add(source)
        old = committed.sources.get(source)
        try:
            if not old or old.file_hash != _file_hash(path):
                return None
        except OSError:
            return None  # the full ingest names the reason
        report.files.append(FileResult(source, "unchanged", chunks=len(old.chunk_ids)))
    if prune_missing and _pruned(committed, seen_sources, roots):
        return None
    return report


def _copy_text(settings: Settings) -> str | None:
    try:
        return settings.manifest_path.read_text(encoding="utf-8")
    except OSError:
        return None


def _roots(settings: Settings, paths: list[Path] | None) -> list[Path]:
    default_roots = [settings.knowledge_dir, settings.uploads_dir]
    return list(paths) if paths else [r for r in default_roots if r.exists()]


def _unsupported(path: Path, source: str) -> str | None:
    """Return why a file is not ingested at all (its type), or None."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES | VENDOR_SUFFIXES:
        return f"unsupported file type {path.suffix or '(none)'}"
    if path.suffix.lower() in VENDOR_SUFFIXES and _kind(source) != "vendor":
        return "YAML is read only as a vendor profile under knowledge/vendors/"
    return None


def _pruned(manifest: Manifest, seen_sources: set[str], roots: list[Path], only_these: bool = False) -> list[str]:
    """Return the sources to drop: their file is gone, or it lies under a folder ingested now and was not seen
    (with only_these, any source not seen now)."""
    scope = [r.resolve() for r in roots if r.is_dir()]
    pruned = []
    for source, entry in manifest.sources.items():
        if source in seen_sources:
            continue
        location = Path(entry.path) if entry.path else None
        gone = location is None or not location.exists()
        in_scope = location is not None and any(location.resolve().is_relative_to(r) for r in scope)
        if gone or in_scope or only_these:
            pruned.append(source)
    return pruned


def _ingest(settings: Settings, paths: list[Path] | None, embed, store: Store, prune_missing: bool,
            only_these: bool = False) -> IngestReport:
    roots = _roots(settings, paths)
    files, problems = discover(roots)
    report = IngestReport(files=problems)
    committed = store.load_manifest()
    rebuild = committed.generation != generation(settings)
    if rebuild:
        # A new recipe rebuilds every source the store held, not only the paths named in this run.
        listed = {p.resolve() for p in files}
        for entry in committed.sources.values():
            old_path = Path(entry.path) if entry.path else None
            if old_path is not None and old_path.is_file() and old_path.resolve() not in listed:
                files.append(old_path)
                listed.add(old_path.resolve())
    manifest = Manifest(generation(settings), {} if rebuild else dict(committed.sources))
    pending: dict[str, Chunk] = {}
    seen_sources: set[str] = set()

    for path in files:
        source = source_name(path, settings)
        reason = _unsupported(path, source)
        if reason:
            report.files.append(FileResult(source, "skipped", reason))
            continue
        seen_sources.add(source)
        try:
            digest = _file_hash(path)
        except OSError as exc:
            report.files.append(FileResult(source, "skipped", f"cannot read file ({exc.strerror})"))
            continue
        old = manifest.sources.get(source)
        if old and old.file_hash == digest:
            report.files.append(FileResult(source, "unchanged", chunks=len(old.chunk_ids)))
            continue
        try:
            read = chunks_for(path, source, settings)
        except (DocumentError, VendorProfileError) as exc:
            # A file that became unreadable keeps no stale chunks.
            manifest.sources.pop(source, None)
            report.files.append(FileResult(source, "skipped", str(exc)))
            continue
        for chunk in read.chunks:
            pending[chunk.id] = chunk
        manifest.sources[source] = SourceEntry(digest, read.title, _kind(source), [c.id for c in read.chunks],
                                               str(path.resolve()), read.secrets, read.planted)
        report.files.append(FileResult(source, "updated" if old else "added", chunks=len(read.chunks),
                                       secrets=read.secrets, planted=read.planted))

    if prune_missing:
        for source in _pruned(manifest, seen_sources, roots, only_these):
            del manifest.sources[source]
            report.files.append(FileResult(source, "removed"))

    changed = rebuild or bool(pending) or manifest.sources.keys() != committed.sources.keys() or any(
        committed.sources[s].chunk_ids != e.chunk_ids for s, e in manifest.sources.items() if s in committed.sources
    )
    if not changed and (vectors_current(settings.sentence_vectors_path) or not committed.live_ids):
        if committed.sources and _copy_text(settings) != committed.to_json():
            store.keep_manifest_copy(committed)  # a store built before the copy existed, or a copy gone astray
        return report  # before the embeddings module is even imported: an unchanged re-ingest is instant
    from assistant.embeddings import document_embedder

    # The model loads only if something needs embedding.
    embed = embed or document_embedder(settings.embedding_model)
    if not changed:
        index_sentences(settings, store, committed.live_ids, embed)
        return report

    # On a rebuild every chunk is rewritten: the recipe that made the stored ones changed.
    new_ids = sorted(pending) if rebuild else sorted(set(pending) - store.existing_ids(sorted(pending)))
    if new_ids:
        chunks = [pending[i] for i in new_ids]
        vectors = embed([c.embedding_text() for c in chunks])
        store.add(new_ids, [c.text for c in chunks], [c.store_metadata() for c in chunks], vectors)
        report.written = len(new_ids)
    # A chunk kept by id can still move within its file: refresh metadata the id does not cover (its order).
    kept = sorted(set(pending) - set(new_ids))
    if kept:
        store.update_metadata(kept, [pending[i].store_metadata() for i in kept])
    index_sentences(settings, store, manifest.live_ids, embed)
    # A writer on another host (one Chroma server, no shared lock) may have committed meanwhile: its
    # documents are in that manifest, not in ours, so ours must not replace it.
    if store.load_manifest().revision != committed.revision:
        raise KnowledgeBaseBusy("another process committed changes to this knowledge base while this ingest ran; "
                                "nothing of theirs was lost: run the ingest again")
    # New chunks become visible only here; a crash before this line leaves the old manifest in force.
    store.commit_manifest(manifest)
    stale = sorted(store.all_ids() - manifest.live_ids)
    store.delete(stale)
    report.deleted = len(stale)
    return report


def index_sentences(settings: Settings, store: Store, live_ids: set[str], embed) -> int:
    """Embed the sentences of live chunks that have none yet and save the vectors of the live ones."""
    vectors = SentenceVectors(settings.sentence_vectors_path, embed).load()
    again = vectors.version != SENTENCES_VERSION
    missing = sorted(i for i in live_ids if again or i not in vectors.chunks)
    added = 0
    for start in range(0, len(missing), SENTENCE_BATCH):
        data = store.fetch(missing[start:start + SENTENCE_BATCH])
        metas = [dict(m or {}) for m in data["metadatas"]]
        hits = [Hit(i, t, m.get("source", ""), m.get("title", ""), m.get("section", ""), 0.0, m)
                for i, t, m in zip(data["ids"], data["documents"], metas)]
        added += vectors.index(hits, again=again)
    vectors.save(live_ids)
    return added


def remove_source(settings: Settings, source: str, store: Store | None = None) -> bool:
    """Drop one source from the knowledge base; return whether it was there."""
    with writing(settings.data_dir, settings.writer_wait_s):
        return _remove_source(store or Store(settings), source)


def _remove_source(store: Store, source: str) -> bool:
    manifest = store.load_manifest()
    entry = manifest.sources.pop(source, None)
    if entry is None:
        return False
    store.commit_manifest(manifest)
    store.delete(sorted(set(entry.chunk_ids) - manifest.live_ids))
    return True
