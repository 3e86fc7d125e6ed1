"""Calibrate the refusal gate on the dev splits of every corpus: the golden set and evals/corpora/*.

Run: .venv/bin/python evals/calibrate.py [--split dev] [--write]
For each dev case it measures the gate's signals (relevance: best sentence cosine; coverage: the
idf-weighted share of the question's terms in the best passage; the rule-based flags), then picks
the pair of thresholds with the best mean accuracy over the corpora (each corpus counts the same,
so the largest set does not decide alone), at the middle of the best plateau. With --write it
stores them in evals/calibration.json; Settings' defaults are set from that file by hand.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering import Assistant  # noqa: E402
from assistant.answering.answerability import term_coverage  # noqa: E402
from assistant.answering.answerers import BEFORE_RETRIEVAL, first_answer  # noqa: E402
from assistant.answering.small_talk import small_talk_kind  # noqa: E402
from assistant.evaluation.corpus import all_corpora, corpus_settings, prepare_corpus  # noqa: E402
from assistant.evaluation.dataset import load_dataset  # noqa: E402
from assistant.knowledge.ingest import ingest  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def corpus_assistants(base: Settings):
    """Yield (name, assistant, cases path) for the golden set and every committed corpus, stores built."""
    guide = base.model_copy(update={"data_dir": base.data_dir / "corpora" / "guide"})
    ingest(guide, [guide.knowledge_dir])
    yield "guide", Assistant(guide), ROOT / "evals" / "cases"
    for corpus in all_corpora():
        settings = corpus_settings(base, corpus)
        prepare_corpus(settings, corpus)
        yield corpus.name, Assistant(settings), corpus.cases


def signals(assistant: Assistant, case) -> dict | None:
    """Return the gate's signals for one case, or None when the gate never sees it."""
    prepared, refusal = assistant.prepare(case.question, case.history)
    if refusal or small_talk_kind(prepared.question):
        return None
    if not assistant.unknown_specifics(prepared) and first_answer(BEFORE_RETRIEVAL, prepared, [], assistant.retriever,
                                                                  require_anchor=False):
        return None  # answered from structured fields, never gated
    hits = assistant.about_named(prepared, assistant.retrieve(prepared.standalone, None, prepared.vendor_names))
    idf = assistant.retriever.bm25.idf
    extract, relevance = assistant.extract(prepared, hits)
    flagged = bool(assistant.unknown_specifics(prepared)) or assistant.lacks_answer(prepared, hits, extract)
    return {"id": case.id, "expect": case.expect, "relevance": relevance,
            "coverage": term_coverage(prepared.standalone, hits, idf), "flagged": flagged, "question": case.question}


def accuracy(rows: list[dict], relevance: float, coverage: float) -> float:
    """Return the share of rows the gate gets right with these thresholds."""
    right = [(r["relevance"] < relevance or r["coverage"] < coverage or r["flagged"]) == (r["expect"] == "refuse")
             for r in rows]
    return sum(right) / max(len(right), 1)


def main() -> None:
    """Measure the signals per case and pick the thresholds."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    per_corpus: dict[str, list[dict]] = {}
    for name, assistant, cases_path in corpus_assistants(Settings(llm="extractive")):
        cases, _ = load_dataset(cases_path)
        rows = [s for c in cases if args.split == "all" or c.split == args.split if (s := signals(assistant, c))]
        per_corpus[name] = rows
        for r in sorted(rows, key=lambda r: r["coverage"]):
            print(f"{name:<10} {r['id']:<11} {r['expect']:<7} rel {r['relevance']:.3f} cov {r['coverage']:.3f} "
                  f"{'F' if r['flagged'] else ' '} {r['question'][:60]}")
    grid = [(round(rel, 3), round(cov, 3)) for rel in [x / 100 for x in range(10, 46)] for cov in [x / 100 for x in range(0, 81, 2)]]
    scored = {pair: sum(accuracy(rows, *pair) for rows in per_corpus.values()) / len(per_corpus) for pair in grid}
    top = max(scored.values())
    best = [pair for pair, score in scored.items() if score >= top - 1e-9]
    # The middle of the best region: a threshold at its edge flips on the next borderline question.
    relevance = round(sorted(p[0] for p in best)[len(best) // 2], 3)
    coverage = round(sorted(p[1] for p in best if p[0] == relevance)[len([p for p in best if p[0] == relevance]) // 2], 3)
    by_corpus = {name: round(accuracy(rows, relevance, coverage), 4) for name, rows in per_corpus.items()}
    print(f"\nrelevance {relevance}, coverage {coverage}: mean accuracy {top:.3f} on {args.split}; {by_corpus}")
    if args.write:
        (ROOT / "evals" / "calibration.json").write_text(json.dumps({
            "relevance_threshold": relevance, "coverage_threshold": coverage, "mean_accuracy": round(top, 4),
            "accuracy_by_corpus": by_corpus, "cases": {n: len(r) for n, r in per_corpus.items()}, "split": args.split,
        }, indent=2) + "\n")


if __name__ == "__main__":
    main()
