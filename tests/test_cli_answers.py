"""`assistant ask` through click's CliRunner."""

import json

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.settings import get_settings
from fakes import HashingEmbeddings, build_knowledge_base


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """Point the CLI at a small store built with hashing embeddings."""
    settings, _, embeddings = build_knowledge_base(tmp_path)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("ASSISTANT_RELEVANCE_THRESHOLD", "0.2")
    monkeypatch.setattr("assistant.embeddings.load_embeddings", lambda spec: HashingEmbeddings())
    monkeypatch.setattr("assistant.embeddings.load_query_embeddings", lambda *args: HashingEmbeddings())
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_ask_json_has_the_documented_shape(cli_env):
    result = CliRunner().invoke(main, ["ask", "What does cloud outsourcing include?", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"answer", "sources", "refused", "backend"}
    assert data["refused"] is False and data["backend"] == "extractive"
    assert set(data["sources"][0]) >= {"id", "text", "source", "title", "section", "score"}
    assert "[1]" in data["answer"]


def test_ask_uses_history_file(cli_env):
    history = cli_env / "history.json"
    history.write_text(json.dumps([{"role": "user", "content": "What is cloud outsourcing?"}]))
    result = CliRunner().invoke(main, ["ask", "and what does it include?", "--history", str(history), "--json"])
    assert result.exit_code == 0, result.output
    assert "Cloud" in json.loads(result.output)["sources"][0]["section"]


def test_bad_history_file_is_a_clear_error(cli_env):
    history = cli_env / "history.json"
    history.write_text(json.dumps([{"role": "robot", "content": "hi"}]))
    result = CliRunner().invoke(main, ["ask", "What is cloud outsourcing?", "--history", str(history)])
    assert result.exit_code == 2
    assert "history item 1" in result.output and "Traceback" not in result.output


def test_empty_question_exits_non_zero_with_a_message(cli_env):
    result = CliRunner().invoke(main, ["ask", "  "])
    assert result.exit_code == 2 and "empty" in result.output


def test_ask_without_a_store_says_to_ingest(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "nothing"))
    get_settings.cache_clear()
    result = CliRunner().invoke(main, ["ask", "What is cloud outsourcing?"])
    get_settings.cache_clear()
    assert result.exit_code == 1 and "assistant ingest" in result.output


def test_misconfigured_backend_fails_before_answering(cli_env, tmp_path):
    result = CliRunner().invoke(main, ["ask", "What is cloud outsourcing?", "--backend", f"llamacpp:{tmp_path}/none.gguf"])
    assert result.exit_code == 1 and "ASSISTANT_LLM" in result.output


def test_invalid_utf8_in_a_question_is_read_not_a_traceback(cli_env):
    from assistant.queries import clean_query

    broken = b"What does cloud outsourcing \xff include?".decode("utf-8", "surrogateescape")
    # The tokenizer of the real model raises on unencodable text: the question reaches it as valid UTF-8.
    assert clean_query(broken, 200)[0] == "What does cloud outsourcing \ufffd include?"
    assert clean_query("lone \ud800 surrogate", 200)[0] == "lone \ufffd surrogate"
    for command in (["ask", broken], ["search", broken, "--json"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
