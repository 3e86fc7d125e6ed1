"""The app launched on loopback, driven through gradio_client like a real client."""

import threading
import time
import urllib.error
import urllib.request

import pytest
from gradio_client import Client, handle_file

from e2e.webapp import PASSWORDS, running_app

pytestmark = pytest.mark.server
POLICY = "# Remote Work Policy\n\n## Laptops\n\nContractors receive encrypted laptops from the quartermaster team.\n"


def text(message: dict) -> str:
    """Return the text of a chatbot message as gradio_client delivers it."""
    content = message["content"]
    return "".join(part.get("text", "") for part in content) if isinstance(content, list) else str(content)


def ask(client: Client, question: str) -> list[dict]:
    """Send a question and return the final chatbot messages."""
    return client.predict(question, api_name="/send")[0]


@pytest.fixture
def app(tmp_path, isolated_env):
    with running_app(tmp_path, max_upload_mb=0.01, max_query_chars=300) as served:
        yield served


@pytest.fixture
def signed_in_app(tmp_path, isolated_env):
    with running_app(tmp_path, users={"alice": True, "bob": False}) as served:
        yield served


def sign_in(url: str, name: str) -> Client:
    return Client(url, auth=(name, PASSWORDS[name]), verbose=False)


def test_question_gets_a_streamed_cited_answer(app):
    url, _ = app
    job = Client(url, verbose=False).submit("What does cloud outsourcing include?", api_name="/send")
    job.result()
    updates = job.outputs()
    assert len(updates) >= 3  # the question, partial answers, the checked answer
    answer = text(updates[-1][0][-1])
    assert "[1]" in answer and '<details class="source">' in answer and "Cloud Outsourcing" in answer


def test_follow_up_uses_history(app):
    url, _ = app
    client = Client(url, verbose=False)
    ask(client, "What is cloud outsourcing?")
    chat = ask(client, "and what does it include?")
    assert len(chat) == 4 and "backup and recovery" in text(chat[-1])
    [conversation] = client.predict(api_name="/my_conversations")
    assert conversation["title"] == "What is cloud outsourcing?"


def test_too_long_message_gets_a_notice(app):
    url, _ = app
    chat, box, _ = Client(url, verbose=False).predict("cloud " * 100, api_name="/send")
    assert "the limit is 300" in text(chat[-1]) and box.startswith("cloud")


def test_upload_is_ingested_then_answerable(app, tmp_path):
    url, _ = app
    client = Client(url, verbose=False)
    document = tmp_path / "Remote Work.md"
    document.write_text(POLICY)
    results = client.predict([handle_file(str(document))], api_name="/upload")[0]["data"]
    assert results == [["Remote Work.md", "ingested", "added (1 passage)"]]
    answer = text(ask(client, "Who gives contractors encrypted laptops?")[-1])
    assert "quartermaster" in answer and "uploads/Remote_Work.md" in answer
    summary, sources, removable = client.predict(api_name="/sources")
    assert "uploads/Remote_Work.md" in [row[2] for row in sources["data"]]


def test_oversized_and_unsupported_uploads_are_refused_with_a_reason(app, tmp_path):
    url, settings = app
    big, program = tmp_path / "big.md", tmp_path / "setup.exe"
    big.write_text("cloud " * 3000)
    program.write_bytes(b"MZ\x00\x00")
    results = Client(url, verbose=False).predict([handle_file(str(big)), handle_file(str(program))],
                                                 api_name="/upload")[0]["data"]
    assert results[0][:2] == ["big.md", "skipped"] and "too large" in results[0][2] and "limit is 10 KB" in results[0][2]
    assert results[1][:2] == ["setup.exe", "skipped"] and "unsupported file type .exe" in results[1][2]
    assert not settings.uploads_dir.exists() or list(settings.uploads_dir.iterdir()) == []


def test_sign_in_is_required_and_checked(signed_in_app):
    url, _ = signed_in_app
    with pytest.raises(Exception):
        Client(url, verbose=False).predict(api_name="/my_conversations")
    with pytest.raises(Exception):
        Client(url, auth=("alice", "wrong-password"), verbose=False)
    assert sign_in(url, "alice").predict(api_name="/my_conversations") == []


def test_users_cannot_see_each_others_history(signed_in_app):
    url, _ = signed_in_app
    alice, bob = sign_in(url, "alice"), sign_in(url, "bob")
    ask(alice, "What is cloud outsourcing?")
    [conversation] = alice.predict(api_name="/my_conversations")
    assert bob.predict(api_name="/my_conversations") == []
    assert bob.predict(conversation["id"], api_name="/conversation_messages") == []
    with pytest.raises(Exception):  # not one of Bob's conversations: refused before any handler runs
        bob.predict(str(conversation["id"]), api_name="/open_conversation")
    ask(bob, "What are the risks?")
    assert [c["title"] for c in bob.predict(api_name="/my_conversations")] == ["What are the risks?"]
    assert len(alice.predict(conversation["id"], api_name="/conversation_messages")) == 2


def test_only_admins_change_the_knowledge_base(signed_in_app, tmp_path):
    url, settings = signed_in_app
    document = tmp_path / "policy.md"
    document.write_text(POLICY)
    refused = sign_in(url, "bob").predict([handle_file(str(document))], api_name="/upload")[0]["data"]
    assert refused[0][1] == "refused" and "administrators" in refused[0][2]
    assert not (settings.uploads_dir / "policy.md").exists()
    accepted = sign_in(url, "alice").predict([handle_file(str(document))], api_name="/upload")[0]["data"]
    assert accepted[0][1] == "ingested"
    bob = sign_in(url, "bob")
    bob.predict(api_name="/sources")  # the session's list now offers the document
    message = bob.predict("uploads/policy.md", api_name="/remove_document")[0]
    assert "administrators" in message and (settings.uploads_dir / "policy.md").exists()


def test_several_users_stream_at_once(tmp_path, isolated_env):
    with running_app(tmp_path, delay=0.4) as (url, _):
        clients = [Client(url, verbose=False) for _ in range(3)]
        started = time.monotonic()
        ask(clients[0], "What does cloud outsourcing include?")
        alone = time.monotonic() - started
        started = time.monotonic()
        threads = [threading.Thread(target=ask, args=(c, "What does cloud outsourcing include?")) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        together = time.monotonic() - started
    # Serialised answers would take three times as long.
    assert together < alone * 2, (alone, together)


def test_data_knowledge_and_uploads_are_never_served(app, tmp_path):
    url, settings = app
    client = Client(url, verbose=False)
    document = tmp_path / "policy.md"
    document.write_text(POLICY)
    client.predict([handle_file(str(document))], api_name="/upload")
    ask(client, "What is cloud outsourcing?")
    for path in (settings.database_path, settings.store_dir / "chroma.sqlite3", settings.uploads_dir / "policy.md",
                 settings.knowledge_dir / "guide" / "guide.md", settings.prompts_dir / "system.md"):
        assert path.exists(), path
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}gradio_api/file={path}")
        assert refused.value.code == 403, path


def test_every_page_carries_security_headers(app):
    url, _ = app
    for path in ("", "document?passage=0123456789abcdef0123456789abcdef", "config"):
        with urllib.request.urlopen(f"{url}{path}") as response:
            assert response.headers["X-Frame-Options"] == "SAMEORIGIN", path
            assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
