"""Print how search and start-up grow with the size of the knowledge base, beside the naive LangChain recipe.

For each size, a store of synthetic chunks is built in a temp dir (text drawn from the guide's words,
a few sentences each, random unit vectors, and sentence vectors for every candidate sentence, as
ingestion makes them), then a fresh process measures:
- start-up: opening the store and loading everything a first question needs (vectors, BM25, sentence
  vectors), first without and then with the BM25 index saved beside the store;
- warm hybrid search p50 over the golden questions (queries embedded by the ONNX export);
- the naive recipe: LangChain's Chroma `similarity_search(k=4)` over the same collection;
- peak resident memory of that process.

Run:  .venv/bin/python bench/scale.py [--sizes 1000 5000 20000 50000]
"""

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DIM = 384


def _settings(folder: Path):
    from assistant.settings import Settings

    return Settings(data_dir=folder, knowledge_dir=folder / "none", chroma_url=None)


def build(folder: Path, size: int) -> None:
    """Write a store of `size` synthetic chunks (and their sentence vectors) into folder."""
    import numpy as np

    from assistant.knowledge.ingest import index_sentences
    from assistant.knowledge.store import Manifest, SourceEntry, Store

    random.seed(size)
    rng = np.random.default_rng(size)
    words = [w for w in (ROOT / "knowledge" / "guide").glob("*.md").__next__().read_text().split() if w.isalpha()]
    settings = _settings(folder)
    store = Store(settings)
    ids, texts, metas = [], [], []
    for n in range(size):
        sentences = [" ".join(random.choices(words, k=random.randint(12, 24))).capitalize() + "." for _ in range(5)]
        ids.append(f"{n:032x}")
        texts.append(" ".join(sentences))
        metas.append({"source": f"bench/doc-{n // 20}.md", "title": f"Document {n // 20}", "section": f"Part {n % 20}",
                      "kind": "document", "order": n % 20})
    vectors = rng.standard_normal((size, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.add(ids, texts, metas, vectors.tolist())
    manifest = Manifest("bench", {"bench": SourceEntry("0", "bench", "document", ids)})
    store.commit_manifest(manifest)

    def random_embed(batch):
        found = rng.standard_normal((len(batch), DIM)).astype(np.float32)
        return (found / np.linalg.norm(found, axis=1, keepdims=True)).tolist()

    index_sentences(settings, store, set(ids), random_embed)


MEASURE = r"""
import json, resource, statistics, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from assistant.settings import Settings
from assistant.embeddings import load_query_embeddings
folder = Path({folder!r})
settings = Settings(data_dir=folder, knowledge_dir=folder / "none", chroma_url=None)
queries = [json.loads(l)["question"] for l in open({cases!r})]
embedder = load_query_embeddings(settings.embedding_model, settings.model_cache_dir, "onnx")
embedder.embed_query("warm the embedder")
from assistant.knowledge.retrieval import Retriever
from assistant.knowledge.store import Store
started = time.perf_counter()
retriever = Retriever(settings, Store(settings), embed_query=embedder.embed_query)
retriever.refresh()
startup = time.perf_counter() - started
retriever.search(queries[0])
times = []
for q in queries:
    t = time.perf_counter(); retriever.search(q); times.append((time.perf_counter() - t) * 1000)
from langchain_chroma import Chroma
started = time.perf_counter()
naive = Chroma(collection_name=settings.collection, client=retriever.store.client, embedding_function=embedder)
naive.similarity_search(queries[0], k=4)
naive_start = time.perf_counter() - started
naive_times = []
for q in queries:
    t = time.perf_counter(); naive.similarity_search(q, k=4); naive_times.append((time.perf_counter() - t) * 1000)
print(json.dumps({{"startup": startup, "search": statistics.median(times), "naive_startup": naive_start,
                  "naive_search": statistics.median(naive_times),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def measure(folder: Path) -> dict:
    code = MEASURE.format(root=str(ROOT), folder=str(folder), cases=str(ROOT / "evals" / "cases" / "guide.jsonl"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={"ANONYMIZED_TELEMETRY": "False", "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000, 50000])
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            build(Path(folder), size)
            built = time.perf_counter() - started
            cold = measure(Path(folder))  # builds and saves the BM25 index
            warm = measure(Path(folder))  # loads it
            rows.append((size, built, cold, warm))
            print(f"built {size} chunks in {built:.0f} s", file=sys.stderr)
    print(f"{'chunks':>7} {'start s (no saved BM25)':>24} {'start s':>8} {'search p50 ms':>14} {'naive start s':>14}"
          f" {'naive search p50 ms':>20} {'peak RSS MB':>12}")
    for size, _, cold, warm in rows:
        print(f"{size:>7} {cold['startup']:>24.2f} {warm['startup']:>8.2f} {warm['search']:>14.1f}"
              f" {warm['naive_startup']:>14.2f} {warm['naive_search']:>20.1f} {warm['rss_mb']:>12.0f}")


if __name__ == "__main__":
    main()
