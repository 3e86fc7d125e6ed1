"""Load the embedding model from a local path, never from a hub: sentence-transformers, or its ONNX export.

Questions are embedded through onnxruntime from an ONNX export of the same weights, made once per
install (torch is needed only to make it): importing torch and sentence-transformers costs
seconds that a question should not wait for. Both give the same vectors (cosine agreement 0.99999+,
`bench/embeddings.py`), so passages embedded by one and questions by the other match.
"""

import importlib
import json
import logging
import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from langchain_core.embeddings import Embeddings


log = logging.getLogger(__name__)
ONNX_FILE = "model.onnx"
_ONNX_INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
_BATCH = 32


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


def _max_length(model_dir: Path) -> int:
    config = model_dir / "sentence_bert_config.json"
    try:
        return int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", 256))
    except (OSError, ValueError):
        return 256


def onnx_export_dir(spec: str, cache_dir: Path) -> Path:
    """Return the folder that holds the ONNX export of a model (one per model directory)."""
    model_dir = resolve_model_path(spec)
    return cache_dir / f"{model_dir.parent.name}-{model_dir.name}"


def export_onnx(spec: str, target: Path) -> Path:
    """Export the model's transformer to ONNX in target (atomically); return the file. Needs torch and onnx."""
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    model_dir = resolve_model_path(spec)
    model = AutoModel.from_pretrained(model_dir, local_files_only=True).eval()

    class LastHiddenState(torch.nn.Module):
        """The transformer with named inputs and one output, as onnxruntime will call it."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    sample = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)(
        ["an example", "a second, longer example sentence"], return_tensors="pt", padding=True)
    target.mkdir(parents=True, exist_ok=True)
    partial = target / f".{ONNX_FILE}.{os.getpid()}"
    # The tracer warns about shape checks it freezes; bench/embeddings.py checks the export against torch.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(LastHiddenState(model), tuple(sample[name] for name in _ONNX_INPUTS), str(partial),
                          input_names=_ONNX_INPUTS, output_names=["last_hidden_state"], opset_version=17,
                          dynamic_axes={name: {0: "batch", 1: "tokens"} for name in _ONNX_INPUTS + ["last_hidden_state"]},
                          dynamo=False)
    os.replace(partial, target / ONNX_FILE)
    return target / ONNX_FILE


class OnnxEmbeddings:
    """Mean-pooled, normalised sentence embeddings from an ONNX export, run by onnxruntime."""

    def __init__(self, model_dir: Path, onnx_file: Path, threads: int | None = None):
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(_max_length(model_dir))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])

    def _embed(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        feeds = {name: np.array([getattr(e, attr) for e in encoded], dtype=np.int64)
                 for name, attr in zip(_ONNX_INPUTS, ("ids", "attention_mask", "type_ids"))}
        hidden = self.session.run(None, feeds)[0]
        mask = feeds["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed texts in batches."""
        out: list[list[float]] = []
        for start in range(0, len(texts), _BATCH):
            out.extend(self._embed(texts[start:start + _BATCH]).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        """Embed one question."""
        return self._embed([text])[0].tolist()


@lru_cache(maxsize=4)
def load_query_embeddings(spec: str, cache_dir: Path, backend: str = "onnx"):
    """Return the embeddings questions use: the ONNX export (made on first use), or sentence-transformers."""
    if backend == "torch":
        return load_embeddings(spec)
    folder = onnx_export_dir(spec, cache_dir)
    onnx_file = folder / ONNX_FILE
    if not onnx_file.exists():
        try:
            log.info("exporting the embedding model to ONNX (once) in %s", folder)
            export_onnx(spec, folder)
        except Exception as exc:  # any exporter failure leaves the slower, equivalent torch path
            log.warning("ONNX export failed (%s); questions are embedded with sentence-transformers", exc)
            return load_embeddings(spec)
    return OnnxEmbeddings(resolve_model_path(spec), onnx_file)
