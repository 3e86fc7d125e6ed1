"""Accept uploaded documents into the shared knowledge base, and remove them again."""

import logging
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from assistant.knowledge.ingest import FileResult, chunks_for, describe_planted, describe_secrets, ingest, remove_source, source_name
from assistant.knowledge.locks import KnowledgeBaseBusy, writing
from assistant.knowledge.loaders import SUPPORTED_SUFFIXES, DocumentError
from assistant.knowledge.store import Manifest, StoreError
from assistant.web.locking import ReadWriteLock

log = logging.getLogger(__name__)
UPLOAD_PREFIX = "uploads/"
MAX_NAME_CHARS = 100
STATUS_TEXT = {
    "added": "added",
    "updated": "replaced the earlier upload of the same name",
    "unchanged": "already in the knowledge base (identical file)",
}


@dataclass(frozen=True)
class UploadResult:
    """What happened to one uploaded file."""

    filename: str
    status: str  # ingested | skipped
    detail: str
    source: str = ""


def safe_filename(name: str) -> str | None:
    """Return a file name safe to create in the uploads folder, or None if nothing usable is left."""
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem, suffix = _clean(stem.replace(".", "_"))[:MAX_NAME_CHARS], _clean(suffix).lower()
    if not suffix:
        return None
    return f"{stem or 'document'}.{suffix}"


def _clean(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", part).strip("_-")


def describe_size(size: int) -> str:
    """Return a byte count as a short human-readable size."""
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} KB"


def rejection(path: Path, filename: str | None, max_bytes: int) -> str | None:
    """Return why an uploaded file cannot be accepted (type, size, name), or None if it may be copied."""
    if filename is None:
        return "the file name has no usable extension"
    suffix = Path(filename).suffix
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return f"unsupported file type {suffix}; accepted types are {allowed}"
    try:
        size = path.stat().st_size
    except OSError:
        return "the upload could not be read"
    if size == 0:
        return "the file is empty"
    if size > max_bytes:
        return f"too large ({describe_size(size)}; the limit is {describe_size(max_bytes)})"
    return None


def discard_cached(path: Path) -> None:
    """Delete an upload from Gradio's upload cache once it has been read (a copy was kept if it was accepted)."""
    from gradio.utils import get_upload_folder

    cache = Path(get_upload_folder()).resolve()
    try:
        resolved = path.resolve()
        if resolved.is_relative_to(cache) and resolved != cache:
            resolved.unlink(missing_ok=True)
            if resolved.parent != cache:  # Gradio keeps each upload in a folder of its own
                resolved.parent.rmdir()
    except OSError:  # a folder still holding other files stays for Gradio's own cleanup
        pass


class KnowledgeBase:
    """The shared knowledge base as the web app changes it: uploads, removals and listings."""

    def __init__(self, settings, assistant, lock: ReadWriteLock):
        self.settings = settings
        self.assistant = assistant
        self.store = assistant.retriever.store
        self.lock = lock

    @property
    def max_bytes(self) -> int:
        """Return the upload size limit in bytes."""
        return int(self.settings.max_upload_mb * 1_000_000)

    def manifest(self) -> Manifest:
        """Return what the knowledge base holds now."""
        return self.store.load_manifest()

    def add(self, upload: Path, original_name: str | None = None) -> UploadResult:
        """Check, copy and ingest one uploaded file; a refused file leaves nothing behind."""
        shown = Path(original_name or upload.name).name
        filename = safe_filename(shown)
        reason = rejection(upload, filename, self.max_bytes)
        if reason:
            return UploadResult(shown, "skipped", reason)
        uploads = self.settings.uploads_dir.resolve()
        target = uploads / filename
        if target.parent != uploads:
            return UploadResult(shown, "skipped", "the file name is not allowed")
        source = source_name(target, self.settings)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self._ensure(uploads)))
        try:
            staged = staging / filename
            shutil.copyfile(upload, staged)
            try:
                # Parse before publishing so an unreadable file never replaces a good upload of the same name.
                chunks_for(staged, source, self.settings)
            except DocumentError as exc:
                return UploadResult(shown, "skipped", str(exc), source)
            try:
                with self.lock.writing(), writing(self.settings.data_dir, self.settings.writer_wait_s):
                    outcome = self._publish(staged, target, source)
            except KnowledgeBaseBusy as busy:
                return UploadResult(shown, "skipped", str(busy), source)
            if outcome.status == "skipped":
                return UploadResult(shown, "skipped", outcome.reason, source)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        passages = f" ({outcome.chunks} passage{'s' if outcome.chunks != 1 else ''})" if outcome.chunks else ""
        blanked = (f"; {len(outcome.secrets)} credential(s) blanked out and not stored: {describe_secrets(outcome.secrets)}"
                   if outcome.secrets else "")
        blanked += f"; {describe_planted(outcome.planted)}" if outcome.planted else ""
        return UploadResult(shown, "ingested", STATUS_TEXT.get(outcome.status, outcome.status) + passages + blanked, source)

    def _publish(self, staged: Path, target: Path, source: str) -> FileResult:
        """Move a parsed upload into place and ingest it (the caller holds both write locks).

        An earlier upload of the same name is kept aside and put back if the new one does not make it
        into the knowledge base, so a failed replacement never loses the document already there.
        """
        previous = staged.with_name(staged.name + ".previous")
        replacing = target.exists()
        if replacing:
            os.replace(target, previous)
        os.replace(staged, target)
        try:
            report = ingest(self.settings, [target], embed=self.assistant.embed_documents, store=self.store,
                            prune_missing=False)
            outcome = next((f for f in report.files if f.source == source), None) or FileResult(source, "skipped", "not ingested")
        except BaseException:
            self._restore(target, previous, replacing)
            raise
        if outcome.status == "skipped":
            self._restore(target, previous, replacing)
            return outcome
        self._reload()
        return outcome

    @staticmethod
    def _restore(target: Path, previous: Path, replacing: bool) -> None:
        if replacing:
            os.replace(previous, target)
        else:
            target.unlink(missing_ok=True)

    def add_many(self, uploads: list[tuple[Path, str | None]],
                 progress: Callable[[float, str], None] | None = None) -> list[UploadResult]:
        """Add several uploads in turn, reporting progress before each."""
        results = []
        for n, (path, name) in enumerate(uploads):
            if progress:
                progress(n / len(uploads), f"Reading and indexing {Path(name or path.name).name}")
            try:
                results.append(self.add(path, name))
            except Exception:  # one bad file must not lose the results of the others
                log.exception("upload of %s failed", name or path)
                results.append(UploadResult(Path(name or path.name).name, "skipped", "an internal error occurred"))
            finally:
                discard_cached(path)
        return results

    @staticmethod
    def _ensure(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def remove(self, source: str) -> bool:
        """Remove an uploaded document from the knowledge base and delete its file."""
        if not source.startswith(UPLOAD_PREFIX):
            raise ValueError("only uploaded documents can be removed here")
        uploads = self.settings.uploads_dir.resolve()
        target = (uploads / source[len(UPLOAD_PREFIX):]).resolve()
        if not target.is_relative_to(uploads):
            raise ValueError("not an uploaded document")
        with self.lock.writing(), writing(self.settings.data_dir, self.settings.writer_wait_s):
            removed = remove_source(self.settings, source, self.store)
            target.unlink(missing_ok=True)
            self._reload()
        return removed

    def _reload(self) -> None:
        # Inside the write lock: no question is searching while the retriever swaps its arrays.
        try:
            self.assistant.retriever.refresh()
        except StoreError as exc:
            log.warning("knowledge base not searchable after a change: %s", exc)
