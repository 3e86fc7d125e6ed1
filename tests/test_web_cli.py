"""`assistant users`, `assistant feedback export` and `assistant serve` start-up checks."""

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.settings import get_settings
from assistant.web.auth import load_users
from assistant.web.conversations import ConversationStore


@pytest.fixture
def env(tmp_path, monkeypatch, isolated_env):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ASSISTANT_AUTH_FILE", str(tmp_path / "users.json"))
    get_settings.cache_clear()
    return tmp_path


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_users_add_list_remove(env):
    result = run("users", "add", "alice", "--admin", "--password-stdin", input="alice-secret-1\n")
    assert result.exit_code == 0 and "added administrator alice" in result.output
    result = run("users", "add", "bob", input="bob-secret-22\nbob-secret-22\n")  # hidden prompt + confirmation
    assert result.exit_code == 0, result.output
    users = load_users(env / "users.json")
    assert users["alice"].admin and not users["bob"].admin
    listing = run("users", "list")
    assert "alice  (admin)" in listing.output and "2 users" in listing.output
    assert run("users", "remove", "bob").exit_code == 0
    missing = run("users", "remove", "bob")
    assert missing.exit_code == 1 and "no user 'bob'" in missing.output


def test_users_add_rejects_a_short_password(env):
    result = run("users", "add", "carol", "--password-stdin", input="short\n")
    assert result.exit_code == 2 and "at least 8 characters" in result.output and "Traceback" not in result.output


def test_users_need_the_auth_file_setting(tmp_path, monkeypatch, isolated_env):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    result = run("users", "list")
    assert result.exit_code == 1 and "ASSISTANT_AUTH_FILE" in result.output


def test_serve_refuses_an_auth_file_without_users(env):
    result = run("serve")
    assert result.exit_code == 1 and "has no users" in result.output


def test_serve_without_a_store_says_to_ingest(env, monkeypatch):
    monkeypatch.delenv("ASSISTANT_AUTH_FILE")
    get_settings.cache_clear()
    result = run("serve", "--port", "7999")
    assert result.exit_code == 1 and "assistant ingest" in result.output


def test_feedback_export(env):
    store = ConversationStore(env / "var" / "assistant.sqlite3")
    conversation = store.create("alice", "q")
    store.add_message("alice", conversation, "user", "What is cloud outsourcing?")
    answer = store.add_message("alice", conversation, "assistant", "Hosting outside [1].",
                               [{"source": "knowledge/guide/g.md", "section": "Cloud", "text": "t"}])
    store.rate("alice", answer, "up")
    out = env / "exports" / "feedback.csv"
    result = run("feedback", "export", "--out", str(out))
    assert result.exit_code == 0 and "wrote 1 feedback entries" in result.output
    [row] = list(csv.DictReader(io.StringIO(out.read_text())))
    assert row["question"] == "What is cloud outsourcing?" and row["sources"] == "[1] knowledge/guide/g.md › Cloud"
    result = run("feedback", "export", "--format", "jsonl", "--user", "alice")
    assert json.loads(result.output.splitlines()[0])["rating"] == "up"
    assert run("feedback", "export", "--format", "jsonl", "--user", "bob").output == ""


def test_feedback_export_without_a_database_writes_only_a_header(tmp_path, monkeypatch, isolated_env):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "empty"))
    result = run("feedback", "export")
    assert result.exit_code == 0 and result.output.strip() == ",".join(
        ["id", "created", "user", "rating", "comment", "question", "answer", "sources"])
    assert not (tmp_path / "empty").exists()


def test_serve_reports_ready_only_once_warm_and_listening(env, monkeypatch):
    monkeypatch.delenv("ASSISTANT_AUTH_FILE")
    get_settings.cache_clear()
    events = []

    class Warming:
        def warm_up(self):
            events.append("warm-up")

    class Serving:
        def block_thread(self):
            events.append("serving")

    def bind(settings, assistant, **options):
        assert options.get("prevent_thread_lock"), "launch must return once the port is bound"
        click.echo("port bound")
        events.append("launch")
        return Serving()

    monkeypatch.setattr("assistant.cli.answers.build_assistant", lambda: Warming())
    monkeypatch.setattr("assistant.web.launch", bind)
    result = run("serve", "--port", "7998")
    assert result.exit_code == 0, result.output
    assert events == ["warm-up", "launch", "serving"]
    out = result.output
    assert out.index("Loading") < out.index("port bound") < out.index("Ready: serving on http://127.0.0.1:7998")
