"""Calibrate the relevance threshold on the dev split of the golden set.

Run: .venv/bin/python evals/calibrate.py [--dataset evals/cases] [--write]
Prints the relevance (best sentence cosine) of every dev case, then the threshold that best
separates questions to answer from questions to refuse (accuracy), and with --write
stores it in evals/calibration.json. Settings.relevance_threshold's default is set from it.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering import Assistant  # noqa: E402
from assistant.answering.condense import condense  # noqa: E402
from assistant.answering.extractive import compose_extractive  # noqa: E402
from assistant.answering.guards import split_injection, unanswered_quantity, uncovered_specifics  # noqa: E402
from assistant.answering.models import parse_history  # noqa: E402
from assistant.knowledge.lexical import tokenize  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def load_cases(path: Path) -> list[dict]:
    """Read every case of a JSONL file or folder of JSONL files."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    """Measure relevance per case and pick the threshold."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "cases")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    assistant = Assistant(Settings(llm="extractive"))
    rows = []
    for case in load_cases(args.dataset):
        if args.split != "all" and case.get("split", "dev") != args.split:
            continue
        core, injected = split_injection(case["question"])
        if injected and len(tokenize(core)) < 3:
            continue  # refused before retrieval; says nothing about the threshold
        standalone = condense(core, parse_history(case.get("history", [])), None, assistant.render)
        hits = assistant.retrieve(standalone)
        _, relevance = compose_extractive(standalone, hits, assistant.retriever.embed_query, assistant.embed_documents)
        specific = bool(uncovered_specifics(core, set(assistant.retriever.bm25.idf))) or unanswered_quantity(
            core, [hit.text for hit in hits]
        )
        rows.append((case["id"], case.get("expect", "answer"), relevance, specific, case["question"][:70]))
    rows.sort(key=lambda r: r[2])
    for row in rows:
        print(f"{row[0]:<12} {row[1]:<7} {row[2]:.3f} {'S' if row[3] else ' '} {row[4]}")
    scored = []
    for candidate in sorted({round(r[2], 3) for r in rows}):
        answer_ok = [r[2] >= candidate and not r[3] for r in rows if r[1] == "answer"]
        refuse_ok = [r[2] < candidate or r[3] for r in rows if r[1] == "refuse"]
        # Plain accuracy: the dev split's mix of answerable and out-of-scope questions stands for real
        # traffic, where a wrong refusal of a fair question costs as much as an off-topic answer.
        scored.append((candidate, (sum(answer_ok) + sum(refuse_ok)) / max(len(answer_ok) + len(refuse_ok), 1)))
    top = max(score for _, score in scored)
    first = next(i for i, (_, score) in enumerate(scored) if score == top)
    plateau = [c for c, _ in scored[first:]]
    plateau = plateau[: next((i for i, (_, score) in enumerate(scored[first:]) if score != top), len(plateau))]
    # The middle of the best plateau: a threshold at its edge flips on the next borderline question.
    threshold = round((plateau[0] + plateau[-1]) / 2, 3)
    best = (threshold, top)
    print(f"\nthreshold {threshold} (accuracy {best[1]:.3f} on {len(rows)} {args.split} cases)")
    if args.write:
        (ROOT / "evals" / "calibration.json").write_text(
            json.dumps({"relevance_threshold": threshold, "accuracy": round(best[1], 4),
                        "cases": len(rows), "split": args.split}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
