"""Print how long the first web answer takes once `assistant serve` reports ready, beside a warm answer.

Starts `assistant serve` on a free port, reads its output until the "Ready" line, then at once opens
the app the way the page does (gradio_client fetches its config) and asks a question through the chat's
`/send` endpoint; then asks a second, different question in the same session for comparison.

Run:  .venv/bin/python bench/first_answer.py [--runs 3] [--data-dir DIR]
Without --data-dir it ingests the built-in knowledge base into a temporary folder first.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from load import ROOT, environment, free_port, stop

FIRST = "What are the risks of cloud outsourcing?"
SECOND = "Which vendors offer 24/7 support?"


def one_start(data_dir: Path) -> tuple[float, float, float, float]:
    """Return (seconds to Ready, Ready to page config, Ready to first answer, second answer) for one server."""
    from gradio_client import Client

    port = free_port()
    began = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "assistant", "serve"], cwd=ROOT, env=environment(data_dir, port),
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in server.stdout:
            if line.startswith("Ready"):
                break
        else:
            sys.exit(f"the server exited with {server.wait()} before it was ready")
        ready = time.perf_counter()
        client = Client(f"http://127.0.0.1:{port}/", verbose=False, httpx_kwargs={"timeout": 300})
        connected = time.perf_counter()
        client.predict(FIRST, api_name="/send")
        answered = time.perf_counter()
        client.predict(SECOND, api_name="/send")
        second = time.perf_counter() - answered
        return ready - began, connected - ready, answered - ready, second
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, help="an ingested data dir (not one a server is using)")
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="first-answer-")
    data_dir = args.data_dir or Path(scratch.name) / "var"
    if args.data_dir is None:
        subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], cwd=ROOT,
                       env=environment(data_dir, free_port()), check=True, stdout=subprocess.DEVNULL)
    try:
        rows = [one_start(data_dir) for _ in range(args.runs)]
    finally:
        scratch.cleanup()
    names = ["serve start to Ready", "Ready to page config", "Ready to first answer", "a second answer"]
    print(f"{'median of ' + str(args.runs) + ' starts':<24} {'s':>7}")
    for name, values in zip(names, zip(*rows)):
        print(f"{name:<24} {statistics.median(values):>7.2f}")


if __name__ == "__main__":
    main()
