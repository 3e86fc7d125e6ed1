"""Uploads into the shared knowledge base: names, limits, ingestion, removal."""

import pytest

from assistant.answering import Assistant
from assistant.answering.backends import Backend
from assistant.web.locking import ReadWriteLock
from assistant.web.uploads import KnowledgeBase, safe_filename
from fakes import build_knowledge_base

POLICY = "# Remote Work Policy\n\n## Laptops\n\nContractors receive encrypted laptops from the quartermaster team.\n"


@pytest.fixture
def knowledge(tmp_path, isolated_env):
    settings, retriever, embeddings = build_knowledge_base(tmp_path, relevance_threshold=0.2, max_upload_mb=0.01)
    assistant = Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    return KnowledgeBase(settings, assistant, ReadWriteLock())


def upload(tmp_path, name: str, content: bytes | str) -> tuple:
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    path = folder / "upload.bin"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path, name


@pytest.mark.parametrize("name, expected", [
    ("report.pdf", "report.pdf"),
    ("../../etc/passwd.md", "passwd.md"),
    ("C:\\Users\\me\\Q3 plan (final).DOCX", "Q3_plan_final.docx"),
    ("..hidden.md", "hidden.md"),
    (".md", "document.md"),
    ("café menu.txt", "cafe_menu.txt"),
    ("a.b.c.html", "a_b_c.html"),
    ("no-extension", None),
    ("trailing.", None),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_upload_is_ingested_and_searchable(knowledge, tmp_path):
    [result] = knowledge.add_many([upload(tmp_path, "Remote Work.md", POLICY)])
    assert result.status == "ingested" and result.source == "uploads/Remote_Work.md", result
    assert (knowledge.settings.uploads_dir / "Remote_Work.md").read_text() == POLICY
    hits = knowledge.assistant.retriever.search("quartermaster encrypted laptops", k=2)
    assert hits[0].source == "uploads/Remote_Work.md"
    assert "uploads/Remote_Work.md" in knowledge.manifest().sources
    again = knowledge.add(*upload(tmp_path, "Remote Work.md", POLICY))
    assert again.status == "ingested" and "identical" in again.detail


@pytest.mark.parametrize("name, content, reason", [
    ("tool.exe", "MZ binary", "unsupported file type .exe"),
    ("big.md", "x" * 20_000, "too large"),
    ("empty.md", "", "the file is empty"),
    ("noext", "text", "no usable extension"),
    ("binary.txt", b"\x00\x01\x02" * 100, "binary"),
    ("fake.pdf", "not a pdf at all", "not a readable PDF"),
])
def test_refused_uploads_leave_nothing_behind(knowledge, tmp_path, name, content, reason):
    [result] = knowledge.add_many([upload(tmp_path, name, content)])
    assert result.status == "skipped" and reason in result.detail, result
    uploads = knowledge.settings.uploads_dir
    assert not uploads.exists() or list(uploads.iterdir()) == []
    assert not any(s.startswith("uploads/") for s in knowledge.manifest().sources)


def test_a_broken_file_never_replaces_a_good_upload(knowledge, tmp_path):
    knowledge.add(*upload(tmp_path, "policy.md", POLICY))
    result = knowledge.add(*upload(tmp_path, "policy.md", b"\x00" * 50))
    assert result.status == "skipped"
    assert (knowledge.settings.uploads_dir / "policy.md").read_text() == POLICY
    assert "uploads/policy.md" in knowledge.manifest().sources


def test_remove_an_upload(knowledge, tmp_path):
    knowledge.add(*upload(tmp_path, "policy.md", POLICY))
    assert knowledge.remove("uploads/policy.md") is True
    assert not (knowledge.settings.uploads_dir / "policy.md").exists()
    assert "uploads/policy.md" not in knowledge.manifest().sources
    hits = knowledge.assistant.retriever.search("quartermaster encrypted laptops", k=3)
    assert all(h.source != "uploads/policy.md" for h in hits)
    assert knowledge.remove("uploads/policy.md") is False


@pytest.mark.parametrize("source", ["knowledge/guide/guide.md", "uploads/../manifest.json", "uploads/../../x"])
def test_only_uploads_can_be_removed(knowledge, source):
    with pytest.raises(ValueError):
        knowledge.remove(source)
    assert "knowledge/guide/guide.md" in knowledge.manifest().sources


def test_the_knowledge_tab_explains_a_store_it_cannot_reach(knowledge, monkeypatch):
    from assistant.web.knowledge_tab import KnowledgeHandlers

    def down():
        raise ConnectionError("Could not connect to a Chroma server")

    monkeypatch.setattr(knowledge, "manifest", down)
    summary, rows, _ = KnowledgeHandlers(knowledge.settings, knowledge).listing()
    assert summary.startswith("**The knowledge base cannot be reached.**") and rows == []


def test_uploads_leave_gradios_cache_once_read(knowledge, tmp_path, monkeypatch):
    cache = tmp_path / "gradio-cache"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    accepted, refused = cache / "a1" / "policy.md", cache / "b2" / "tool.exe"
    for path, content in ((accepted, POLICY), (refused, "MZ")):
        path.parent.mkdir(parents=True)
        path.write_text(content)
    results = knowledge.add_many([(accepted, "policy.md"), (refused, "tool.exe")])
    assert [r.status for r in results] == ["ingested", "skipped"]
    assert list(cache.iterdir()) == []  # neither stays in the cache, accepted or not
    assert (knowledge.settings.uploads_dir / "policy.md").read_text() == POLICY
    outside = upload(tmp_path, "notes.md", POLICY)  # a file given from elsewhere is never deleted
    knowledge.add_many([outside])
    assert outside[0].exists()
