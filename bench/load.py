"""Print load figures: N concurrent chat users against `assistant serve` on loopback (extractive, no LLM).

For each N (default 5, 10, 20, 50) N threads each ask questions through gradio_client's `/send`, one
after another, for `--seconds`; the table shows answer latency p50/p95, errors (a refused or failed
request; "busy" is the queue limit turning a request away), answers per second and the server's RSS.

Run:  .venv/bin/python bench/load.py [--users 5 10 20 50] [--seconds 60] [--data-dir DIR]
Without --data-dir it ingests the built-in knowledge base into a temporary folder first.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "evals" / "cases" / "guide.jsonl").open()]


def environment(data_dir: Path, port: int) -> dict:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return keep | {"ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_PORT": str(port), "ASSISTANT_HOST": "127.0.0.1",
                   "ASSISTANT_LLM": "extractive", "GRADIO_ANALYTICS_ENABLED": "False",
                   "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, limit_s: float = 300) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited with {server.returncode}")
        try:
            urllib.request.urlopen(url + "config", timeout=5)
            return
        except OSError:
            time.sleep(1)
    sys.exit("the server did not answer in time")


def stop(server: subprocess.Popen) -> None:
    """Stop a server process: politely, then by force after 30 s."""
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()


def rss_mb(pid: int) -> float:
    """Return the resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def user(url: str, seconds: float, latencies: list, errors: list, start: threading.Barrier) -> None:
    """Ask questions one after another until the time is up, recording each answer's latency."""
    from gradio_client import Client

    try:
        client = Client(url, verbose=False, httpx_kwargs={"timeout": 300})
    except Exception as exc:  # a client that cannot even connect counts as one error
        errors.append(f"connect: {type(exc).__name__}")
        start.wait()
        return
    start.wait()
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        question = QUESTIONS[(id(client) + n) % len(QUESTIONS)]
        n += 1
        began = time.perf_counter()
        try:
            client.predict(question, api_name="/send")
            latencies.append(time.perf_counter() - began)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {str(exc)[:80]}")
            time.sleep(1)  # a refused client backs off instead of spinning


def run_level(url: str, users: int, seconds: float) -> tuple[list, list, float]:
    latencies, errors = [], []
    start = threading.Barrier(users + 1)
    threads = [threading.Thread(target=user, args=(url, seconds, latencies, errors, start), daemon=True)
               for _ in range(users)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join(seconds + 600)  # an answer started before the deadline is waited for
    return latencies, errors, time.monotonic() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, nargs="+", default=[5, 10, 20, 50])
    parser.add_argument("--seconds", type=float, default=60, help="how long each level asks questions")
    parser.add_argument("--data-dir", type=Path, help="an ingested data dir (not one a server is using)")
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="load-")
    data_dir = args.data_dir or Path(scratch.name) / "var"
    port = free_port()
    env = environment(data_dir, port)
    if args.data_dir is None:
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "assistant", "ingest"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        print(f"ingested the built-in knowledge base in {time.monotonic() - started:.0f} s", flush=True)
    server = subprocess.Popen([sys.executable, "-m", "assistant", "serve"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, server)
        run_level(url, 1, min(5.0, args.seconds))  # warm up the models before measuring
        print(f"{os.cpu_count()} CPUs; {args.seconds:.0f} s per level; server RSS after warm-up "
              f"{rss_mb(server.pid):.0f} MB", flush=True)
        print(f"{'users':>5} {'answers':>8} {'p50 s':>7} {'p95 s':>7} {'errors':>7} {'answers/s':>10} {'RSS MB':>7}")
        for users in args.users:
            latencies, errors, elapsed = run_level(url, users, args.seconds)
            print(f"{users:>5} {len(latencies):>8} {percentile(latencies, 0.5):>7.2f} {percentile(latencies, 0.95):>7.2f} "
                  f"{len(errors):>7} {len(latencies) / elapsed:>10.2f} {rss_mb(server.pid):>7.0f}", flush=True)
            for kind in sorted(set(errors)):
                print(f"{'':>5} error x{errors.count(kind)}: {kind}")
    finally:
        stop(server)
        scratch.cleanup()


if __name__ == "__main__":
    main()
