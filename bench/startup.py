"""Print cold-start figures side by side in one run: `import chromadb`, a cold `assistant ask`, and warm answers.

Each cold figure is the median wall time of fresh processes (default 3 runs each, interleaved so that
machine load hits them alike). The query path embeds questions with the ONNX export by default; the
torch row (ASSISTANT_QUERY_EMBEDDING=torch) is what a cold question cost before. Warm answers are
`Assistant.answer` p50 over the golden questions in one process, beside the floor (embed the question
and take one dot product over all chunk vectors); `--corpus NAME` repeats the warm figures on the
built-in knowledge plus an evaluation corpus's documents (a company's own files), asking its questions.

Run:  .venv/bin/python bench/startup.py [--runs 3] [--corpus public] [--data-dir DIR]
      (uses ./var; run `make ingest` first; the corpus store is ingested under DIR, kept between runs)
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUESTION = "what is IT outsourcing?"


def wall(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def questions_of(path: Path) -> list[str]:
    """Return the questions of a cases file (the last turn of each)."""
    return [json.loads(line)["question"] for line in path.open() if line.strip()]


def warm(runs: int, settings=None, questions: list[str] | None = None) -> tuple[float, float]:
    """Return (answer p50 ms, floor p50 ms) over the questions, in this process."""
    import numpy as np

    from assistant.answering import Assistant
    from assistant.knowledge.retrieval import query_embeddings
    from assistant.settings import get_settings

    assistant = Assistant(settings or get_settings())
    questions = questions or questions_of(ROOT / "evals" / "cases" / "guide.jsonl")
    assistant.warm_up()
    retriever = assistant.retriever
    model = query_embeddings(assistant.settings)
    answers, floors = [], []
    for _ in range(runs):
        for question in questions:
            # Each answer embeds its question afresh, as a question never asked before would be.
            retriever.forget_queries()
            started = time.perf_counter()
            assistant.answer(question)
            answers.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            vector = np.asarray(model.embed_query(question), dtype=np.float32)
            np.argsort(-(retriever.vectors @ vector))[:5]
            floors.append((time.perf_counter() - started) * 1000)
    return statistics.median(answers), statistics.median(floors)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", help="also measure warm answers with this evaluation corpus added")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench-startup")
    args = parser.parse_args()
    env = os.environ | {"GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"}
    python = sys.executable
    commands = {
        "python -c 'import chromadb'": ([python, "-c", "import chromadb"], env),
        "assistant ask (ONNX query path)": ([python, "-m", "assistant", "ask", QUESTION], env),
        "assistant ask (torch query path)": ([python, "-m", "assistant", "ask", QUESTION],
                                             env | {"ASSISTANT_QUERY_EMBEDDING": "torch"}),
    }
    times = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (command, environment) in commands.items():
            times[name].append(wall(command, environment))
    base = statistics.median(times["python -c 'import chromadb'"])
    print(f"{'cold start':<36} {'median s':>9} {'x import chromadb':>18}")
    for name, values in times.items():
        print(f"{name:<36} {statistics.median(values):>9.2f} {statistics.median(values) / base:>18.2f}")
    answer, floor = warm(1)
    print(f"\nwarm Assistant.answer p50 {answer:.1f} ms; floor (query embedding + one dot product) {floor:.1f} ms;"
          f" ratio {answer / floor:.1f}")
    if args.corpus:
        print_corpus_warm(args.corpus, args.data_dir, args.runs)


def print_corpus_warm(name: str, data_dir: Path, runs: int) -> None:
    """Print warm figures on the built-in knowledge plus one evaluation corpus."""
    from assistant.evaluation.corpus import CORPORA_DIR, corpus_settings, load_corpus, prepare_corpus
    from assistant.settings import Settings

    corpus = load_corpus(CORPORA_DIR / name)
    settings = corpus_settings(Settings(data_dir=data_dir, llm="extractive"), corpus)
    report = prepare_corpus(settings, corpus)
    chunks = sum(f.chunks or 0 for f in report.files)
    answer, floor = warm(runs, settings, questions_of(corpus.cases))
    print(f"with corpus {name} ({chunks} chunks in all): warm Assistant.answer p50 {answer:.1f} ms;"
          f" floor {floor:.1f} ms; ratio {answer / floor:.1f}")


if __name__ == "__main__":
    main()
