"""Questions are embedded through the ONNX export: same vectors as sentence-transformers, no torch import."""

import os
import subprocess
import sys

import numpy as np
import pytest

from assistant.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.model


def test_onnx_export_gives_the_same_vectors_as_sentence_transformers(isolated_env):
    from assistant.embeddings import load_embeddings, load_query_embeddings

    settings = Settings()
    texts = ["What does a service level agreement cover?", "hi",
             "Either party may end the agreement with ninety days written notice. " * 8]
    reference = np.array(load_embeddings(settings.embedding_model).embed_documents(texts))
    onnx = load_query_embeddings(settings.embedding_model, settings.model_cache_dir, "onnx")
    batched = np.array(onnx.embed_documents(texts))
    single = np.array([onnx.embed_query(t) for t in texts])
    assert (reference * batched).sum(axis=1).min() > 0.9999
    assert (reference * single).sum(axis=1).min() > 0.9999


def test_a_question_from_the_cli_never_imports_torch(tmp_path, isolated_env):
    data = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")} | {
        "ASSISTANT_DATA_DIR": str(data), "ANONYMIZED_TELEMETRY": "False"}
    knowledge = tmp_path / "knowledge" / "guide"
    knowledge.mkdir(parents=True)
    (knowledge / "guide.md").write_text("# Guide\n\n## Exit\n\nGive ninety days written notice to end the contract.\n")
    env["ASSISTANT_KNOWLEDGE_DIR"] = str(tmp_path / "knowledge")
    subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], env=env, check=True, cwd=PROJECT_ROOT,
                   capture_output=True)
    probe = ("import sys, runpy; sys.argv = ['assistant', 'ask', 'how much notice ends the contract?'];\n"
             "try:\n    runpy.run_module('assistant', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print('TORCH' if 'torch' in sys.modules else 'NO TORCH')")
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert "ninety days written notice" in out.stdout, out.stderr[-2000:]
    assert out.stdout.strip().endswith("NO TORCH")
