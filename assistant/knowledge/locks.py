"""One writer at a time on a knowledge base, and one app per embedded store, across processes.

Two ingests that each commit their own manifest lose one another's documents; two processes with one
embedded Chroma store corrupt each other's view of it. File locks in the data dir (fcntl, released by
the kernel when a process dies, so a crash never leaves a stale lock) make the second one wait or stop
with a message, never lose work.
"""

import fcntl
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from assistant.knowledge.store import StoreError

WRITER_LOCK = "writer.lock"
SERVE_LOCK = "serve.lock"
_POLL_S = 0.2
# A process holding the writer lock may take it again (an upload holds it around its file swap and the
# ingest inside): flock would deadlock against the process's own second handle.
_held: dict[Path, list] = {}
_held_guard = threading.Lock()


class KnowledgeBaseBusy(StoreError):
    """Another process holds the lock; the message says who and what to do."""


def _holder(handle) -> str:
    handle.seek(0)
    text = handle.read().strip()
    return f" (pid {text})" if text.isdigit() else ""


def _acquire(path: Path, wait_s: float):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = _holder(handle)
                handle.close()
                raise KnowledgeBaseBusy(holder) from None
            time.sleep(_POLL_S)
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


@contextmanager
def writing(data_dir: Path, wait_s: float = 60.0):
    """Hold the knowledge base's writer lock for the block, waiting up to wait_s for another process's writer."""
    path = (data_dir / WRITER_LOCK).resolve()
    with _held_guard:
        entry = _held.get(path)
        if entry is not None:
            entry[1] += 1
    if entry is None:
        try:
            handle = _acquire(path, wait_s)
        except KnowledgeBaseBusy as busy:
            raise KnowledgeBaseBusy(
                f"another process is changing this knowledge base{busy}; it was still busy after {wait_s:.0f} s: "
                "nothing was changed, try again when it has finished") from None
        with _held_guard:
            entry = _held[path] = [handle, 1]
    try:
        yield
    finally:
        with _held_guard:
            entry[1] -= 1
            if entry[1] == 0:
                del _held[path]
                entry[0].close()  # closing releases the lock


def hold_serving(data_dir: Path):
    """Take the one-app-per-embedded-store lock for this process's lifetime; return its handle."""
    try:
        return _acquire(data_dir / SERVE_LOCK, 0)
    except KnowledgeBaseBusy as busy:
        raise KnowledgeBaseBusy(
            f"another `assistant serve` is already using {data_dir}{busy}. One app per embedded store: stop "
            "it, give this one its own ASSISTANT_DATA_DIR, or run several against one Chroma server "
            "(`chroma run`, then ASSISTANT_CHROMA_URL=http://HOST:PORT)") from None
