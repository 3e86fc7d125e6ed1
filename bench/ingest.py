"""Print ingest throughput beside raw embedding throughput of the same texts, and the unchanged re-ingest time.

The documents are the built-in knowledge base and the evaluation corpora's documents, copied into a
temp folder. In one process, with the document model loaded once and warmed:
- raw: `embed_documents` over the chunks' embedding texts, and over those plus every sentence text
  ingestion embeds (each candidate sentence alone and in its context), deduplicated as ingestion does;
- ingest: `ingest()` of the same documents into a fresh data dir, then again with nothing changed.
Runs alternate (default 2 each) so that machine load hits them alike; the median is printed. Last,
fresh processes time `assistant ingest` into a fresh data dir and again unchanged, beside
`python -c "import chromadb"` (the floor of any command that opens the store; an unchanged re-ingest
reads the manifest copy beside the store and opens none). `--cli-only` prints only these rows.

Run:  .venv/bin/python bench/ingest.py [--runs 2] [--cli-only]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {"GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"}


def gather(folder: Path) -> Path:
    """Copy the built-in knowledge and the corpora's documents into folder/knowledge; return it."""
    knowledge = folder / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    for corpus in sorted((ROOT / "evals" / "corpora").iterdir()):
        if (corpus / "documents").is_dir():
            shutil.copytree(corpus / "documents", knowledge / "corpora" / corpus.name)
    return knowledge


def texts_of(settings) -> tuple[list[str], list[str]]:
    """Return (chunk embedding texts, distinct sentence texts) that an ingest of settings' knowledge embeds."""
    from assistant.knowledge.ingest import chunks_for, discover, source_name
    from assistant.knowledge.passage_sentences import candidates, embedding_texts
    from assistant.knowledge.retrieval import Hit

    files, _ = discover([settings.knowledge_dir])
    chunks = {}
    for path in files:
        try:
            for chunk in chunks_for(path, source_name(path, settings), settings).chunks:
                chunks[chunk.id] = chunk
        except Exception:  # the ingest skips what it cannot read; so does this count
            continue
    hits = [Hit(c.id, c.text, c.source, c.title, c.section, 0.0, c.store_metadata()) for c in chunks.values()]
    found = candidates(hits)
    alone, placed = embedding_texts(hits, found)
    return [c.embedding_text() for c in chunks.values()], list(dict.fromkeys(alone + placed))


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def wall(command: list[str], env: dict) -> float:
    return timed(lambda: subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--cli-only", action="store_true", help="time only the new-process `assistant ingest` rows")
    args = parser.parse_args()
    os.environ.update(ENV)
    from assistant.embeddings import load_embeddings
    from assistant.knowledge.ingest import ingest
    from assistant.knowledge.store import Store
    from assistant.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        knowledge = gather(folder)

        def settings_at(data: str) -> Settings:
            return Settings(data_dir=folder / data, knowledge_dir=knowledge, chroma_url=None)

        chunk_texts, sentence_texts = texts_of(settings_at("probe"))
        raw_chunks, raw_all, fresh, unchanged = [], [], [], []
        if not args.cli_only:
            embedder = load_embeddings(settings_at("probe").embedding_model)
            embedder.embed_documents(chunk_texts[:32])  # load and warm the model outside every timing
        for run in range(0 if args.cli_only else args.runs):
            raw_chunks.append(timed(lambda: embedder.embed_documents(chunk_texts)))
            raw_all.append(raw_chunks[-1] + timed(lambda: embedder.embed_documents(sentence_texts)))
            settings = settings_at(f"data-{run}")
            fresh.append(timed(lambda: ingest(settings, embed=embedder.embed_documents, store=Store(settings))))
            unchanged.append(timed(lambda: ingest(settings, embed=embedder.embed_documents, store=Store(settings))))

        env = os.environ | ENV | {"ASSISTANT_DATA_DIR": str(folder / "cli"), "ASSISTANT_KNOWLEDGE_DIR": str(knowledge)}
        command = [sys.executable, "-m", "assistant", "ingest", "--quiet"]
        cli_fresh = wall(command, env)
        cli_unchanged = statistics.median(wall(command, env) for _ in range(args.runs))
        chromadb = statistics.median(wall([sys.executable, "-c", "import chromadb"], env) for _ in range(args.runs))

    n, s = len(chunk_texts), len(sentence_texts)
    if args.cli_only:
        print(f"{n} chunks, median of {args.runs} runs\n")
        print_cli(cli_fresh, cli_unchanged, chromadb)
        return
    ingest_s, raw_s, all_s = statistics.median(fresh), statistics.median(raw_chunks), statistics.median(raw_all)
    print(f"{n} chunks, {s} distinct sentence texts (alone and in context), median of {args.runs} runs\n")
    print(f"{'':<58} {'s':>7} {'chunks/s':>9} {'vs raw':>7}")
    rows = [("raw embed_documents, chunk texts", raw_s), ("raw embed_documents, chunk + sentence texts", all_s),
            ("ingest() into a fresh data dir (warm model)", ingest_s)]
    for name, seconds in rows:
        print(f"{name:<58} {seconds:>7.2f} {n / seconds:>9.1f} {raw_s / seconds:>7.0%}")
    print(f"{'ingest() throughput vs raw of every text it embeds':<58} {'':>7} {'':>9} {all_s / ingest_s:>7.0%}")
    print(f"\n{'unchanged re-ingest, ingest() in process':<58} {statistics.median(unchanged):>7.2f}")
    print_cli(cli_fresh, cli_unchanged, chromadb)


def print_cli(fresh: float, unchanged: float, chromadb: float) -> None:
    print(f"{'assistant ingest, fresh data dir (new process, model load)':<58} {fresh:>7.2f}")
    print(f"{'assistant ingest, unchanged (new process)':<58} {unchanged:>7.2f}")
    print(f"{'python -c import chromadb':<58} {chromadb:>7.2f}")


if __name__ == "__main__":
    main()
