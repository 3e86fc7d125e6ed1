"""LLM backends behind one factory, chosen by a "provider:model" string."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.settings import Settings

if TYPE_CHECKING:  # LangChain's model classes load only with an LLM backend: the default needs none
    from langchain_core.language_models import BaseChatModel

PROVIDERS = ("extractive", "llamacpp", "openai")


class BackendError(RuntimeError):
    """A backend that cannot start, with the setting to fix."""


@dataclass
class Backend:
    """An answering backend: `chat` is None for the extractive default."""

    name: str
    chat: BaseChatModel | None = None


def _llamacpp(settings: Settings, model: str) -> BaseChatModel:
    path = Path(model).expanduser()
    if not model or not path.is_file():
        raise BackendError(f"ASSISTANT_LLM=llamacpp:{model} names no GGUF file; set ASSISTANT_LLM=llamacpp:/path/to/model.gguf")
    try:
        import llama_cpp  # noqa: F401
    except ImportError as exc:
        raise BackendError("the llamacpp backend needs llama-cpp-python: pip install '.[llamacpp]'") from exc
    from assistant.answering.llamacpp_chat import LlamaCppChat

    try:
        return LlamaCppChat(model_path=str(path), n_ctx=settings.llm_context_tokens, max_tokens=settings.llm_max_tokens)
    except (ValueError, RuntimeError) as exc:
        raise BackendError(f"cannot load {path} as a GGUF model ({exc}); check ASSISTANT_LLM") from exc


def _openai(settings: Settings, model: str) -> BaseChatModel:
    import openai
    from langchain_openai import ChatOpenAI

    if not model:
        raise BackendError("ASSISTANT_LLM=openai:MODEL needs a model name, e.g. openai:gpt-4o-mini")
    if not settings.openai_base_url and not settings.openai_api_key:
        raise BackendError("the openai backend needs ASSISTANT_OPENAI_BASE_URL (a local server) or ASSISTANT_OPENAI_API_KEY")
    key = settings.openai_api_key or "not-needed"
    client = openai.OpenAI(base_url=settings.openai_base_url, api_key=key, timeout=min(settings.llm_timeout, 15), max_retries=0)
    where = settings.openai_base_url or "the OpenAI API"
    try:
        client.models.list()
    except openai.AuthenticationError as exc:
        raise BackendError(f"{where} rejected the API key; check ASSISTANT_OPENAI_API_KEY") from exc
    except openai.APIConnectionError as exc:
        raise BackendError(f"cannot reach {where}; check ASSISTANT_OPENAI_BASE_URL and that the server is running") from exc
    except openai.APIStatusError as exc:
        # Some compatible servers do not implement /models; a reachable server is enough.
        if exc.status_code not in (404, 405, 501):
            raise BackendError(f"{where} answered {exc.status_code}; check ASSISTANT_OPENAI_BASE_URL") from exc
    # LangChain sends the length cap as max_completion_tokens, which compatible servers (llama.cpp,
    # older vLLM and Ollama) ignore and then generate until the context is full; they read max_tokens.
    limit = (
        {"extra_body": {"max_tokens": settings.llm_max_tokens}}
        if settings.openai_base_url
        else {"max_tokens": settings.llm_max_tokens}
    )
    return ChatOpenAI(
        model=model, base_url=settings.openai_base_url, api_key=key, timeout=settings.llm_timeout,
        max_retries=1, temperature=0.1, **limit,
    )


def create_backend(settings: Settings, spec: str | None = None) -> Backend:
    """Build the backend named by `spec` (default: ASSISTANT_LLM), failing early with a clear message."""
    spec = (spec or settings.llm).strip()
    provider, _, model = spec.partition(":")
    provider = provider.lower()
    if provider == "extractive":
        return Backend("extractive")
    if provider == "llamacpp":
        return Backend(spec, _llamacpp(settings, model))
    if provider == "openai":
        return Backend(spec, _openai(settings, model))
    raise BackendError(f"unknown backend {spec!r} in ASSISTANT_LLM; use extractive, llamacpp:PATH.gguf or openai:MODEL")
