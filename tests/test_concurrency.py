"""Several processes on one knowledge base: one writer at a time, readers that reload, one app per embedded store."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.knowledge.locks import KnowledgeBaseBusy, hold_serving, writing
from assistant.settings import PROJECT_ROOT
from fakes import INGEST

TESTS = Path(__file__).resolve().parent


def env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")} | {"ANONYMIZED_TELEMETRY": "False"}


def folder_of(root: Path, name: str, count: int) -> Path:
    folder = root / name
    folder.mkdir()
    for n in range(count):
        (folder / f"{name}-{n}.md").write_text(f"# {name} note {n}\n\nThe {name} team keeps record {n}.\n")
    return folder


def test_two_ingests_at_once_both_keep_their_documents(tmp_path):
    data = tmp_path / "var"
    code = INGEST.format(tests=str(TESTS), data=str(data))
    runs = [subprocess.Popen([sys.executable, "-c", code, str(folder_of(tmp_path, name, 30))], env=env(),
                             cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name in ("alpha", "beta")]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    from assistant.knowledge.store import Store
    from assistant.settings import Settings

    manifest = Store(Settings(data_dir=data, knowledge_dir=tmp_path / "none", chroma_url=None)).load_manifest()
    names = {source.rsplit("/", 1)[-1].split("-")[0] for source in manifest.sources}
    assert len(manifest.sources) == 60 and names == {"alpha", "beta"}


def test_a_writer_that_cannot_get_the_lock_changes_nothing_and_says_why(tmp_path):
    data = tmp_path / "var"
    folder = folder_of(tmp_path, "gamma", 1)
    with writing(data):
        result = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(folder)], cwd=PROJECT_ROOT,
                                env=env() | {"ASSISTANT_DATA_DIR": str(data), "ASSISTANT_WRITER_WAIT_S": "0.5"},
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"another process is changing this knowledge base (pid {os.getpid()})" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_reader_reloads_after_another_process_commits(tmp_path):
    from assistant.knowledge.retrieval import Retriever
    from assistant.knowledge.store import Store
    from assistant.settings import Settings
    from fakes import HashingEmbeddings

    data = tmp_path / "var"
    code = INGEST.format(tests=str(TESTS), data=str(data))
    subprocess.run([sys.executable, "-c", code, str(folder_of(tmp_path, "first", 2))], env=env(), cwd=PROJECT_ROOT, check=True)
    embeddings = HashingEmbeddings()
    settings = Settings(data_dir=data, knowledge_dir=tmp_path / "none", chroma_url=None)
    retriever = Retriever(settings, Store(settings), embed_query=embeddings.embed_query,
                          embed_documents=embeddings.embed_documents)
    assert len(retriever.search("first team record")) == 2
    for name in ("second", "third"):  # the other process commits twice while this one stays open
        subprocess.run([sys.executable, "-c", code, str(folder_of(tmp_path, name, 1))], env=env(), cwd=PROJECT_ROOT, check=True)
        assert retriever.search(f"{name} team record")[0].title == f"{name} note 0"


def test_a_second_app_on_one_embedded_store_refuses_naming_the_server_setting(tmp_path):
    data = tmp_path / "var"
    held = hold_serving(data)
    try:
        with pytest.raises(KnowledgeBaseBusy, match="ASSISTANT_CHROMA_URL"):
            hold_serving(data)
        result = subprocess.run([sys.executable, "-m", "assistant", "serve", "--port", "7999"], cwd=PROJECT_ROOT,
                                env=env() | {"ASSISTANT_DATA_DIR": str(data)}, capture_output=True, text=True, timeout=120)
    finally:
        held.close()
    assert result.returncode == 1 and "ASSISTANT_CHROMA_URL" in result.stderr
    assert f"already using {data} (pid {os.getpid()})" in result.stderr


def test_a_failed_replacement_upload_keeps_the_earlier_file(tmp_path, monkeypatch):
    from assistant.answering import Assistant
    from assistant.answering.backends import Backend
    from assistant.web.locking import ReadWriteLock
    from assistant.web.uploads import KnowledgeBase
    from fakes import build_knowledge_base

    settings, retriever, embeddings = build_knowledge_base(tmp_path)
    assistant = Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    knowledge = KnowledgeBase(settings, assistant, ReadWriteLock())
    first = tmp_path / "policy.md"
    first.write_text("# Policy\n\nThe first version of the policy.\n")
    assert knowledge.add(first).status == "ingested"
    second = tmp_path / "second" / "policy.md"
    second.parent.mkdir()
    second.write_text("# Policy\n\nThe second version of the policy.\n")

    def busy(*args, **kwargs):
        raise KnowledgeBaseBusy("another process committed changes to this knowledge base while this ingest ran")

    monkeypatch.setattr("assistant.web.uploads.ingest", busy)
    result = knowledge.add(second)
    assert result.status == "skipped" and "another process committed" in result.detail
    assert (settings.uploads_dir / "policy.md").read_text() == "# Policy\n\nThe first version of the policy.\n"
