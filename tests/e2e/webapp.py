"""Launch the web app on loopback over a tiny knowledge base built with hashing embeddings."""

import socket
import time
from contextlib import contextmanager
from pathlib import Path

from assistant.answering import Assistant
from assistant.answering.backends import Backend
from assistant.settings import PROJECT_ROOT
from assistant.web import build_app, launch_options
from assistant.web.auth import add_user
from fakes import build_knowledge_base

RISKS = "practices/outsourcing-risks-and-mitigations.md"  # the planning interview needs the risk catalogue
PASSWORDS = {"alice": "alice-secret-1", "bob": "bob-secret-22"}
VENDOR = """id: acme-cloud
name: Acme Cloud
summary: Acme Cloud is a sample cloud hosting provider used in tests of the web app.
services: [cloud, it_support]
delivery_models: [nearshore]
locations:
  - {city: Lisbon, country: Portugal, region: Europe, timezone: "UTC+0"}
languages: [English, Portuguese]
team_size: 120
certifications: [ISO 27001]
engagement_models: [managed_service]
pricing_model: per user per month
rate_range: {currency: EUR, min_hourly: 40, max_hourly: 70}
support_hours: "24/7"
"""
HOSTILE_VENDOR = VENDOR.replace("acme-cloud", "evil-corp").replace("Acme Cloud", "Evil <script>alert(1)</script> Corp").replace(
    "summary: Acme", "summary: <img src=x onerror=alert(2)> Evil").replace("[cloud, it_support]", "[cybersecurity]").replace(
    "[ISO 27001]", "[SOC 2]").replace("Europe", "Asia-Pacific").replace("[nearshore]", "[offshore]")


def free_port() -> int:
    """Return a port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_settings(tmp_path: Path, users: dict[str, bool] | None = None, extra: dict | None = None, **overrides):
    """Build the small knowledge base (with vendors) and return settings, retriever and embeddings."""
    files = {"vendors/acme-cloud.yaml": VENDOR, "vendors/evil-corp.yaml": HOSTILE_VENDOR,
             RISKS: (PROJECT_ROOT / "knowledge" / RISKS).read_text(encoding="utf-8")} | (extra or {})
    if users:
        overrides["auth_file"] = tmp_path / "users.json"
    settings, retriever, embeddings = build_knowledge_base(tmp_path, files, relevance_threshold=0.2, **overrides)
    for name, admin in (users or {}).items():
        add_user(settings.auth_file, name, PASSWORDS[name], admin)
    return settings, retriever, embeddings


class SlowAssistant(Assistant):
    """The real pipeline with a pause before every streamed event, to make answers last."""

    delay = 0.0

    def stream(self, question, history=None, filters=None):
        """Yield the real events, each after a pause."""
        for event in super().stream(question, history, filters):
            time.sleep(self.delay)
            yield event


@contextmanager
def running_app(tmp_path: Path, users: dict[str, bool] | None = None, extra: dict | None = None,
                delay: float = 0.0, **overrides):
    """Serve the app on a free loopback port; yield (url, settings)."""
    settings, retriever, embeddings = make_settings(tmp_path, users, extra, host="127.0.0.1", port=free_port(),
                                                    **overrides)
    assistant = SlowAssistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    assistant.delay = delay
    demo = build_app(settings, assistant)
    demo.launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{settings.port}/", settings
    finally:
        demo.close()
