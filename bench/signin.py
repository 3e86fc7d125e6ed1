"""Print how a flood of wrong passwords slows a cheap request, side by side in one run.

Three servers in turn, each on loopback over a tiny knowledge base: scrypt in Gradio's async login route
(as before), scrypt in a worker thread without the per-address limit, and the app as shipped (worker
thread and per-address limit). Flooding threads post wrong passwords for made-up names (so no name is
locked); one more thread times GET /gradio_api/app_id.

Run:  .venv/bin/python bench/signin.py [--seconds 10] [--flooders 8]
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def serve(variant: str, folder: Path):
    from starlette.middleware import Middleware

    from assistant.web import build_app, launch_options
    from assistant.web.auth import Authenticator
    from assistant.web.headers import security_middleware
    from assistant.web.throttle import SignInGuard, Window
    from e2e.webapp import SlowAssistant, free_port, make_settings
    from assistant.answering.backends import Backend

    settings, retriever, embeddings = make_settings(folder, {"alice": True}, host="127.0.0.1", port=free_port())
    assistant = SlowAssistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    demo = build_app(settings, assistant)
    options = launch_options(settings)
    if variant == "before":
        options["auth"] = Authenticator(settings.auth_file)  # a plain function: Gradio runs it on the event loop
        options["app_kwargs"] = {"middleware": security_middleware()}
    elif variant == "thread only":
        authenticator = options["auth"].__self__
        options["app_kwargs"]["middleware"] = [
            m if m.cls is not SignInGuard else Middleware(SignInGuard, authenticator=authenticator,
                                                          addresses=Window(10 ** 9, 900))
            for m in options["app_kwargs"]["middleware"]]
    demo.launch(**options, prevent_thread_lock=True, quiet=True)
    return demo, f"http://127.0.0.1:{settings.port}/"


def measure(url: str, seconds: float, flooders: int) -> tuple[float, float, int, dict]:
    """Return (median ms without flood, median ms during flood, sign-in attempts, their status counts)."""
    import httpx

    def cheap(duration: float) -> list[float]:
        times = []
        with httpx.Client(base_url=url, timeout=60) as client:
            end = time.monotonic() + duration
            while time.monotonic() < end:
                began = time.perf_counter()
                client.get("gradio_api/app_id")
                times.append((time.perf_counter() - began) * 1000)
                time.sleep(0.02)
        return times

    quiet = cheap(min(3.0, seconds))
    stop = threading.Event()
    statuses: dict[int, int] = {}

    def flood():
        with httpx.Client(base_url=url, timeout=60) as client:
            while not stop.is_set():
                response = client.post("login", data={"username": uuid.uuid4().hex[:12], "password": "wrong-guess"})
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    threads = [threading.Thread(target=flood, daemon=True) for _ in range(flooders)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    loud = cheap(seconds)
    stop.set()
    for thread in threads:
        thread.join(60)
    return statistics.median(quiet), statistics.median(loud), sum(statuses.values()), statuses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--flooders", type=int, default=8)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, {args.flooders} flooding clients, {args.seconds:.0f} s each")
    print(f"{'scrypt runs':<44} {'quiet ms':>9} {'flood ms':>9} {'sign-ins':>9}  statuses")
    labels = {"before": "on the event loop (before)", "thread only": "in a worker thread, no address limit",
              "shipped": "in a worker thread + address limit (now)"}
    for variant, label in labels.items():
        with tempfile.TemporaryDirectory(prefix="signin-") as folder:
            demo, url = serve(variant, Path(folder))
            try:
                quiet, loud, attempts, statuses = measure(url, args.seconds, args.flooders)
            finally:
                demo.close()
        print(f"{label:<44} {quiet:>9.1f} {loud:>9.1f} {attempts:>9}  {dict(sorted(statuses.items()))}", flush=True)


if __name__ == "__main__":
    main()
