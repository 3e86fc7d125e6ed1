"""Print how the ONNX query embedder agrees with sentence-transformers, and what each costs.

Both embed the same texts (the guide's lines, then the golden questions one at a time, as questions
arrive); agreement is the cosine between the two vectors of each text. Start-up is measured in fresh
processes: importing and loading each embedder, then embedding one question.

Run:  .venv/bin/python bench/embeddings.py
"""

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.embeddings import load_embeddings, load_query_embeddings  # noqa: E402
from assistant.settings import Settings  # noqa: E402

_START = """
import time; t = time.perf_counter()
from assistant.embeddings import load_query_embeddings
from assistant.settings import Settings
s = Settings()
load_query_embeddings(s.embedding_model, s.model_cache_dir, "{backend}").embed_query("what does a service level agreement cover?")
print(time.perf_counter() - t)
"""


def start_up(backend: str) -> float:
    """Return the seconds a fresh process takes to embed its first question with a backend."""
    out = subprocess.run([sys.executable, "-c", _START.format(backend=backend)], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    settings = Settings()
    texts = [line.strip() for line in (ROOT / "knowledge" / "guide").glob("*.md").__next__().read_text().splitlines()
             if len(line.strip()) > 20]
    questions = [json.loads(line)["question"] for line in (ROOT / "evals" / "cases" / "guide.jsonl").open()]
    torch_model = load_embeddings(settings.embedding_model)
    onnx_model = load_query_embeddings(settings.embedding_model, settings.model_cache_dir, "onnx")
    batch_cos = (np.array(torch_model.embed_documents(texts)) * np.array(onnx_model.embed_documents(texts))).sum(1)
    timings = {"torch": [], "onnx": []}
    single_cos = []
    for question in questions:
        vectors = []
        for name, model in (("torch", torch_model), ("onnx", onnx_model)):
            started = time.perf_counter()
            vectors.append(np.array(model.embed_query(question)))
            timings[name].append((time.perf_counter() - started) * 1000)
        single_cos.append(float(vectors[0] @ vectors[1]))
    print(f"texts: {len(texts)} guide lines (batched), {len(questions)} questions (one at a time)")
    print(f"cosine agreement, batched:  min {batch_cos.min():.6f}  mean {batch_cos.mean():.6f}")
    print(f"cosine agreement, one text: min {min(single_cos):.6f}  mean {statistics.mean(single_cos):.6f}")
    print(f"{'embedder':<22} {'query p50 ms':>13} {'first question in a new process s':>35}")
    for name in ("torch", "onnx"):
        label = "sentence-transformers" if name == "torch" else "onnxruntime (export)"
        print(f"{label:<22} {statistics.median(timings[name]):>13.1f} {start_up(name):>35.2f}")


if __name__ == "__main__":
    main()
