"""Retrieval benchmark: quality (hit@1, hit@5, MRR) and warm latency of dense, BM25 and hybrid search.

Run: .venv/bin/python bench/retrieval.py [--data-dir DIR] [--fresh] [--k 5] [--misses]

The store is built from the real knowledge base with the real embedding model, in var/bench/ by default
(re-runs reuse it: ingestion is incremental), or in a throw-away temp dir with --fresh. The labelled
questions are the golden cases of evals/cases/*.jsonl that list `expected_sources` and do not expect a
refusal. A passage counts as a hit when one of the case's expected strings occurs in its text (case-
insensitive, whitespace and curly quotes normalised). Follow-up cases are searched with the standalone
question the app itself would search with (the no-LLM condenser), since a bare "and which of them ..."
names nothing to retrieve.

Latency is measured warm, side by side in one run: after one warm-up pass, each question is searched by
every mode and by the floor in turn. The floor is the least any dense search must do: embed the query
and take a brute-force numpy dot product over all chunk vectors (fetched once), plus the top-k pick.
"""

import argparse
import json
import statistics
from collections import Counter
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.offline import enforce_offline  # noqa: E402

enforce_offline()

from assistant.knowledge.ingest import ingest  # noqa: E402
from assistant.knowledge.retrieval import MODES, Retriever  # noqa: E402
from assistant.knowledge.store import Store  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402

CASES_DIR = ROOT / "evals" / "cases"
MRR_DEPTH = 10
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    """Lowercase, unify curly quotes and collapse whitespace."""
    return " ".join(text.translate(_QUOTES).lower().split())


def load_questions() -> tuple[list[dict], dict]:
    """Return the labelled questions (with the query to search) and counts for the report."""
    from assistant.answering.condense import heuristic_standalone
    from assistant.answering.models import Turn

    cases, counts = [], {"cases": 0, "refuse_or_unlabelled": 0, "follow_ups": 0}
    for path in sorted(CASES_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            counts["cases"] += 1
            if case.get("expect") == "refuse" or not case.get("expected_sources"):
                counts["refuse_or_unlabelled"] += 1
                continue
            history = [Turn(role=t["role"], content=t["content"]) for t in case.get("history") or []]
            query = heuristic_standalone(case["question"], history) if history else case["question"]
            counts["follow_ups"] += bool(history)
            cases.append({"id": case["id"], "file": path.name, "query": query, "expected": case["expected_sources"]})
    return cases, counts


def first_hit_rank(expected: list[str], texts: list[str]) -> int | None:
    """Return the 1-based rank of the first passage containing an expected string."""
    needles = [normalise(e) for e in expected]
    for rank, text in enumerate(texts, 1):
        haystack = normalise(text)
        if any(n in haystack for n in needles):
            return rank
    return None


def build_store(data_dir: Path, knowledge_dir: Path) -> tuple[Settings, Store, object, dict]:
    from assistant.embeddings import load_embeddings

    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # keep the printed report clean
    settings = Settings(data_dir=data_dir, knowledge_dir=knowledge_dir, chroma_url=None)
    started = time.perf_counter()
    embeddings = load_embeddings(settings.embedding_model)
    embeddings.embed_query("warm up the model")
    load_seconds = time.perf_counter() - started
    store = Store(settings)
    started = time.perf_counter()
    report = ingest(settings, embed=embeddings.embed_documents, store=store)
    info = {
        "load_seconds": load_seconds,
        "ingest_seconds": time.perf_counter() - started,
        "written": report.written,
        "skipped": [(f.source, f.reason) for f in report.skipped],
    }
    return settings, store, embeddings, info


def quality(retriever: Retriever, cases: list[dict], k: int) -> tuple[dict, dict]:
    """Return hit@1, hit@k and MRR per mode, and the ids of questions each mode misses at k."""
    table, misses = {}, {}
    for mode in MODES:
        ranks = []
        for case in cases:
            hits = retriever.search(case["query"], k=max(k, MRR_DEPTH), mode=mode)
            ranks.append(first_hit_rank(case["expected"], [h.text for h in hits]))
        n = len(ranks)
        table[mode] = {
            "hit@1": sum(r == 1 for r in ranks) / n,
            f"hit@{k}": sum(r is not None and r <= k for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r) / n,
        }
        misses[mode] = [c["id"] for c, r in zip(cases, ranks) if r is None or r > k]
    return table, misses


def latency(retriever: Retriever, store: Store, embeddings, cases: list[dict], k: int, repeats: int) -> tuple[dict, int]:
    """Return per-question warm latencies (ms) of each mode and of the floor, measured side by side."""
    retriever.refresh()
    live = sorted(store.load_manifest().live_ids)
    vectors = np.asarray(store.fetch(live, with_vectors=True)["embeddings"], dtype=np.float32)  # fetched once

    def floor(query: str) -> np.ndarray:
        vector = np.asarray(embeddings.embed_query(query), dtype=np.float32)
        scores = vectors @ vector
        top = np.argpartition(-scores, k)[:k]
        return top[np.argsort(-scores[top])]

    runners = {mode: (lambda q, m=mode: retriever.search(q, k=k, mode=m)) for mode in MODES}
    runners["floor"] = floor
    runners["embed only"] = embeddings.embed_query
    for case in cases:  # warm-up pass: caches, lazy imports, allocator
        for run in runners.values():
            run(case["query"])
    timings: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(repeats):
        for case in cases:
            for name, run in runners.items():  # interleaved, so every runner sees the same machine state
                started = time.perf_counter()
                run(case["query"])
                timings[name].append((time.perf_counter() - started) * 1000)
    return timings, len(live)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench", help="store location (reused)")
    parser.add_argument("--fresh", action="store_true", help="build the store in a new temp dir")
    parser.add_argument("--knowledge-dir", type=Path, default=PROJECT_ROOT / "knowledge", help="knowledge base to index")
    parser.add_argument("--k", type=int, default=5, help="cut-off for hit@k and the latency searches")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes over all questions (after the warm-up)")
    parser.add_argument("--misses", action="store_true", help="list the questions each mode misses at k")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's choice); "
                        "1 gives steadier figures on a busy machine")
    args = parser.parse_args()

    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    temp = tempfile.TemporaryDirectory(prefix="bench-retrieval-") if args.fresh else None
    data_dir = Path(temp.name) if temp else args.data_dir
    try:
        cases, counts = load_questions()
        settings, store, embeddings, info = build_store(data_dir, args.knowledge_dir)
        retriever = Retriever(settings, store, embed_query=embeddings.embed_query)

        print("Retrieval benchmark")
        print(f"  store       {data_dir} ({'built' if info['written'] else 'reused'}: {info['written']} chunks "
              f"written in {info['ingest_seconds']:.1f}s; model load {info['load_seconds']:.1f}s)")
        sources = store.load_manifest().sources
        print(f"  knowledge   {settings.knowledge_dir} ({len(sources)} files: "
              + ", ".join(f"{n} {kind}" for kind, n in sorted(Counter(e.kind for e in sources.values()).items())) + ")")
        import torch

        print(f"  model       {settings.embedding_model}, chunk size {settings.chunk_size}, "
              f"{torch.get_num_threads()} torch threads")
        for source, reason in info["skipped"]:
            print(f"  skipped     {source}: {reason}")
        print(f"  questions   {len(cases)} labelled (of {counts['cases']} cases in {CASES_DIR.relative_to(ROOT)}/*.jsonl; "
              f"{counts['refuse_or_unlabelled']} refusal/unlabelled left out; {counts['follow_ups']} follow-ups "
              "searched as condensed standalone questions)")
        by_file = {}
        for case in cases:
            by_file[case["file"]] = by_file.get(case["file"], 0) + 1
        print("              " + ", ".join(f"{name}: {n}" for name, n in sorted(by_file.items())))

        table, misses = quality(retriever, cases, args.k)
        print()
        print(f"Quality (a hit = an expected string occurs in the passage text; MRR over the top {MRR_DEPTH})")
        header = f"  {'mode':<8} {'hit@1':>7} {f'hit@{args.k}':>7} {'MRR':>7}  misses@{args.k}"
        print(header)
        print("  " + "-" * (len(header) - 2))
        for mode in ("dense", "bm25", "hybrid"):
            row = table[mode]
            print(f"  {mode:<8} {row['hit@1']:>7.3f} {row[f'hit@{args.k}']:>7.3f} {row['mrr']:>7.3f}  {len(misses[mode])}")
        if args.misses:
            for mode in ("dense", "bm25", "hybrid"):
                print(f"  {mode} misses: {', '.join(misses[mode]) or 'none'}")

        timings, chunks = latency(retriever, store, embeddings, cases, args.k, args.repeats)
        floor50, floor95 = percentile(timings["floor"], 50), percentile(timings["floor"], 95)
        print()
        print(f"Warm latency: {len(cases)} questions x {args.repeats} timed passes after one warm-up pass, k={args.k}, "
              f"{chunks} chunks, one process, runners interleaved per question")
        print("  floor = embed the query + brute-force numpy dot product over all chunk vectors + top-k pick")
        header = f"  {'':<12} {'p50 ms':>8} {'p95 ms':>8} {'p50/floor':>10} {'p95/floor':>10}"
        print(header)
        print("  " + "-" * (len(header) - 2))
        for name in ("embed only", "floor", "dense", "bm25", "hybrid"):
            p50, p95 = percentile(timings[name], 50), percentile(timings[name], 95)
            print(f"  {name:<12} {p50:>8.2f} {p95:>8.2f} {p50 / floor50:>9.2f}x {p95 / floor95:>9.2f}x")
        print(f"  mean hybrid {statistics.mean(timings['hybrid']):.2f} ms, mean floor {statistics.mean(timings['floor']):.2f} ms")
    finally:
        if temp:
            temp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
