"""Load the sentence-transformers embedding model from a local path, never from a hub."""

import importlib
from functools import lru_cache
from pathlib import Path
from typing import Callable

from langchain_core.embeddings import Embeddings


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be found locally."""


def resolve_model_path(spec: str) -> Path:
    """Return the model directory for a local path or the name of a package that ships a model."""
    candidate = Path(spec).expanduser()
    if candidate.is_dir():
        return candidate
    module_name = spec.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EmbeddingModelError(
            f"embedding model {spec!r} is neither a directory nor an installed package; "
            "set ASSISTANT_EMBEDDING_MODEL or run `make install`"
        ) from exc
    getter = getattr(module, "get_model_path", None)
    path = Path(getter()) if callable(getter) else Path(module.__file__).parent / "model"
    if not (path / "config.json").exists():
        raise EmbeddingModelError(f"package {spec!r} does not contain a model at {path}")
    return path


def document_embedder(spec: str) -> Callable[[list[str]], list[list[float]]]:
    """Return a function embedding documents with the model, which it loads only when first called."""
    def embed(texts: list[str]) -> list[list[float]]:
        return load_embeddings(spec).embed_documents(texts)
    return embed


@lru_cache(maxsize=4)
def load_embeddings(spec: str) -> Embeddings:
    """Load (once per process) normalised sentence embeddings for the given model spec."""
    from langchain_huggingface import HuggingFaceEmbeddings
    from transformers.utils import logging as transformers_logging

    # A progress bar for loading a local 90 MB model is noise in every CLI command.
    transformers_logging.disable_progress_bar()
    path = resolve_model_path(spec)
    return HuggingFaceEmbeddings(
        model_name=str(path),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": 32},
    )
