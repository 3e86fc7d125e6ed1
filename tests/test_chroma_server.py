"""Client/server mode: the same code against a real `chroma run` server started on loopback."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.knowledge.ingest import ingest
from assistant.knowledge.retrieval import Retriever
from assistant.knowledge.store import Store, StoreError
from assistant.settings import Settings

pytestmark = pytest.mark.server

START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, process: subprocess.Popen, log: Path) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    deadline = time.monotonic() + START_TIMEOUT
    last_error = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"chroma server exited with {process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)).heartbeat()
            return
        except Exception as exc:  # not listening yet
            last_error = exc
            time.sleep(0.25)
    pytest.fail(f"chroma server did not answer within {START_TIMEOUT:.0f}s ({last_error}):\n{log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """Start `chroma run` on a free loopback port; yield its URL; always stop it."""
    executable = Path(sys.executable).parent / "chroma"
    if not executable.exists():
        pytest.skip(f"the chroma CLI is not installed next to {sys.executable}")
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = root / "server.log"
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(executable), "run", "--path", str(root / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
        )
    try:
        wait_until_up(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def server_settings(chroma_server, settings, request):
    """Settings for server mode, each test with its own collection on the shared server."""
    name = "t-" + request.node.name.replace("[", "-").replace("]", "").replace("_", "-")[:50]
    return settings.model_copy(update={"chroma_url": chroma_server, "collection": name})


def test_ingest_and_search_through_the_server(server_settings, fake_embed):
    store = Store(server_settings)
    assert store.client.get_settings().chroma_api_impl == "chromadb.api.fastapi.FastAPI"  # HTTP, not embedded
    report = ingest(server_settings, embed=fake_embed.embed_documents, store=store)
    assert report.count("added") == 4 and report.written > 0
    # Nothing is written locally: the embedded store directory is never created in server mode.
    assert not server_settings.store_dir.exists()

    hits = Retriever(server_settings, store, embed_query=fake_embed.embed_query).search("risks of outsourcing", k=5)
    assert len(hits) == 5
    assert set(hits[0].public()) >= {"id", "text", "source", "title", "section", "score"}
    hits = Retriever(server_settings, store, embed_query=fake_embed.embed_query).search(
        "support hours", k=5, filters={"kind": "vendor"}, mode="dense"
    )
    assert hits and all(h.metadata["kind"] == "vendor" for h in hits)

    again = ingest(server_settings, embed=fake_embed.embed_documents, store=store)
    assert (again.written, again.deleted) == (0, 0)


def test_a_second_app_process_shares_the_store(server_settings, fake_embed):
    first = Store(server_settings)
    ingest(server_settings, embed=fake_embed.embed_documents, store=first)
    live = first.load_manifest().live_ids

    second = Store(server_settings)  # a separate client, as another app process would open
    assert second.client is not first.client
    assert second.load_manifest().live_ids == live
    reader = Retriever(server_settings, second, embed_query=fake_embed.embed_query)
    hits = reader.search("salaries taxes equipment", k=3, mode="bm25")
    assert hits[0].section == "Benefits > Cost Savings"
    assert {h.id for h in hits} <= live

    # A change ingested by the first process is visible to the second without restarting it.
    (server_settings.knowledge_dir / "guide" / "escrow.md").write_text("# Escrow\n\nSource code escrow protects you.\n")
    ingest(server_settings, embed=fake_embed.embed_documents, store=first)
    hits = reader.search("escrow", k=3, mode="bm25")
    assert hits and hits[0].source == "knowledge/guide/escrow.md"
    assert second.chunks.count() == len(first.load_manifest().live_ids)


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://127.0.0.1:{closed}", "cannot reach the Chroma server at http://127.0.0.1:{closed}"),
        ("localhost:8000", "ASSISTANT_CHROMA_URL must look like http://host:port"),
        ("ftp://127.0.0.1:8000", "ASSISTANT_CHROMA_URL must look like http://host:port"),
    ],
)
def test_bad_url_is_a_clear_store_error(settings, url, message):
    closed = free_port()  # nothing listens there once the probe socket is closed
    bad = settings.model_copy(update={"chroma_url": url.format(closed=closed)})
    with pytest.raises(StoreError) as caught:
        Store(bad)
    assert message.format(closed=closed) in str(caught.value)


def test_settings_read_the_server_url_from_the_environment(monkeypatch, isolated_env, tmp_path):
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", "http://127.0.0.1:8000")
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    assert Settings().chroma_url == "http://127.0.0.1:8000"
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", "")
    assert Settings().chroma_url is None  # empty means embedded
