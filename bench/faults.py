"""Print fault figures: two ingests at once on one store, and kill -9 in the middle of an ingest.

Both use child processes ingesting Markdown notes with hashing embeddings (no model), as
tests/test_concurrency.py does, into a temporary data dir.

Run:  .venv/bin/python bench/faults.py [--docs 200]
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from fakes import INGEST  # noqa: E402  (the same child ingest the concurrency tests run)


def env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")} | {
        "ANONYMIZED_TELEMETRY": "False", "ASSISTANT_WRITER_WAIT_S": "600"}


def notes(root: Path, name: str, count: int) -> Path:
    folder = root / name
    folder.mkdir()
    for n in range(count):
        (folder / f"{name}-{n}.md").write_text(f"# {name} note {n}\n\nThe {name} team keeps record {n}.\n" * 3)
    return folder


def ingest(data: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", INGEST.format(tests=str(ROOT / "tests"), data=str(data)), str(folder)],
                            env=env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stored_bytes(data: Path) -> int:
    """Return the size of the store's files, to notice a writer adding chunks."""
    total = 0
    for path in (data / "chroma").rglob("*"):
        try:
            total += path.stat().st_size if path.is_file() else 0
        except OSError:  # a file the writer just replaced
            pass
    return total


def open_retriever(data: Path):
    from assistant.knowledge.retrieval import Retriever
    from assistant.knowledge.store import Store
    from assistant.settings import Settings
    from fakes import HashingEmbeddings

    settings = Settings(data_dir=data, knowledge_dir=data / "none", chroma_url=None)
    embeddings = HashingEmbeddings()
    store = Store(settings)
    return store, Retriever(settings, store, embed_query=embeddings.embed_query,
                            embed_documents=embeddings.embed_documents)


def two_at_once(root: Path, docs: int) -> None:
    data = root / "two"
    runs = [ingest(data, notes(root, name, docs)) for name in ("alpha", "beta")]
    codes = [(run.communicate(timeout=1800), run.returncode)[1] for run in runs]
    store, _ = open_retriever(data)
    kept = len(store.load_manifest().sources)
    print(f"two ingests at once: exit codes {codes}, documents kept {kept} of {2 * docs}")


def kill_mid_ingest(root: Path, docs: int) -> None:
    data = root / "killed"
    base = ingest(data, notes(root, "base", 10))
    base.communicate(timeout=600)
    bulk = notes(root, "bulk", docs)
    before = stored_bytes(data)
    began = time.monotonic()
    victim = ingest(data, bulk)
    while stored_bytes(data) < before + 256_000 and victim.poll() is None:  # kill while it adds chunks
        time.sleep(0.005)
    kill_after = time.monotonic() - began
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    store, retriever = open_retriever(data)
    sources = store.load_manifest().sources
    found = retriever.search("base team keeps record 3", k=3)
    stray = len(store.all_ids() - store.load_manifest().live_ids)
    print(f"kill -9 {kill_after:.1f} s into an ingest, while it added chunks (exit {victim.returncode}): manifest holds {len(sources)} documents "
          f"({sum(s.rsplit('/', 1)[-1].startswith('base') for s in sources)} of 10 old), "
          f"old question answered: {bool(found) and found[0].title.startswith('base note')}, "
          f"uncommitted chunks left in the store: {stray}")
    again = ingest(data, bulk)
    out, err = again.communicate(timeout=1800)
    store, retriever = open_retriever(data)
    manifest = store.load_manifest()
    stray = len(store.all_ids() - manifest.live_ids)
    print(f"re-run: exit {again.returncode}, documents {len(manifest.sources)} of {10 + docs}, "
          f"uncommitted chunks left {stray}, errors on stderr: {'Traceback' in err}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200, help="documents per ingest")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="faults-") as scratch:
        root = Path(scratch)
        two_at_once(root, args.docs)
        kill_mid_ingest(root, args.docs)


if __name__ == "__main__":
    main()
