"""The backend factory: one "provider:model" string, clear errors naming the setting to fix."""

import socket

import pytest

from assistant.answering.backends import BackendError, create_backend
from assistant.settings import Settings


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_extractive_is_the_default_and_needs_no_model():
    backend = create_backend(Settings())
    assert backend.name == "extractive" and backend.chat is None


def test_unknown_provider_names_the_setting():
    with pytest.raises(BackendError, match="ASSISTANT_LLM"):
        create_backend(Settings(llm="gpt:4"))


def test_missing_gguf_file_names_the_setting(tmp_path):
    with pytest.raises(BackendError, match="ASSISTANT_LLM=llamacpp:.*names no GGUF file"):
        create_backend(Settings(llm=f"llamacpp:{tmp_path / 'missing.gguf'}"))


def test_openai_without_url_or_key_names_both_settings():
    with pytest.raises(BackendError, match="ASSISTANT_OPENAI_BASE_URL.*ASSISTANT_OPENAI_API_KEY"):
        create_backend(Settings(llm="openai:some-model"))


def test_openai_server_down_fails_at_startup():
    settings = Settings(llm="openai:some-model", openai_base_url=f"http://127.0.0.1:{closed_port()}/v1")
    with pytest.raises(BackendError, match="cannot reach .*ASSISTANT_OPENAI_BASE_URL"):
        create_backend(settings)


def test_openai_without_model_name_is_rejected():
    with pytest.raises(BackendError, match="needs a model name"):
        create_backend(Settings(llm="openai:", openai_base_url="http://127.0.0.1:1/v1"))
