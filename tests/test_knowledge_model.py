"""Retrieval with the real embedding model over the real knowledge base (ingested into a temp dir)."""

import os
import shutil

import pytest

from assistant.knowledge.ingest import ingest
from assistant.knowledge.retrieval import Retriever
from assistant.knowledge.store import Store
from assistant.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.model


def _retriever(knowledge_dir, data_dir):
    from assistant.embeddings import load_embeddings

    with pytest.MonkeyPatch.context() as patch:
        for key in [k for k in os.environ if k.startswith("ASSISTANT_")]:
            patch.delenv(key)
        settings = Settings(data_dir=data_dir, knowledge_dir=knowledge_dir, chroma_url=None)
    embeddings = load_embeddings(settings.embedding_model)  # loaded once per process
    store = Store(settings)
    report = ingest(settings, embed=embeddings.embed_documents, store=store)
    assert not report.skipped and report.written > 0
    return Retriever(settings, store, embed_query=embeddings.embed_query)


@pytest.fixture(scope="module")
def real_retriever(tmp_path_factory):
    """The whole real knowledge base, whatever documents it holds today."""
    return _retriever(PROJECT_ROOT / "knowledge", tmp_path_factory.mktemp("model-real") / "var")


@pytest.fixture(scope="module")
def guide_retriever(tmp_path_factory):
    """A copy of the real guide and vendor profiles only: what the guide's golden questions are about."""
    root = tmp_path_factory.mktemp("model-guide")
    for folder in ("guide", "vendors"):
        shutil.copytree(PROJECT_ROOT / "knowledge" / folder, root / "knowledge" / folder)
    return _retriever(root / "knowledge", root / "var")


QA_RISKS = "Q&A About IT Outsourcing > What are the risks of IT outsourcing?"


@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_risks_question_finds_the_qa_risks_passage_first(guide_retriever, mode):
    hits = guide_retriever.search("what are the risks of IT outsourcing", k=5, mode=mode)
    assert hits[0].section == QA_RISKS
    assert hits[0].text.startswith("Risks include losing control over certain processes")
    assert 0.5 < hits[0].score <= 1.0  # a real cosine similarity


def test_risks_question_on_the_whole_knowledge_base(real_retriever):
    # Other documents may rank a passage that quotes the question next to it, never far above it.
    assert real_retriever.search("what are the risks of IT outsourcing", k=5, mode="dense")[0].section == QA_RISKS
    hybrid = real_retriever.search("what are the risks of IT outsourcing", k=5)
    assert QA_RISKS in [h.section for h in hybrid[:2]]


def test_tiktok_boilerplate_is_in_no_chunk(real_retriever):
    real_retriever.refresh()
    assert len(real_retriever.texts) > 50
    assert not [t for t in real_retriever.texts if "tiktok" in t.lower() or "recommend that you also read" in t.lower()]
    # The paragraph right before it survives.
    assert any("IT outsourcing is the practice of transferring a company’s" in t for t in real_retriever.texts)


@pytest.mark.parametrize(
    "question, vendor_id",
    [
        ("Who could help us move our SAP system to S/4HANA?", "oberkamp-systemhaus"),
        ("Is there a vendor that can work with us in Japanese?", "sakuragi-digital"),
        ("Tell me about Harborlight Security Operations", "harborlight-security"),
    ],
)
def test_vendor_question_finds_that_vendor(real_retriever, question, vendor_id):
    hits = real_retriever.search(question, k=3)
    assert hits[0].metadata.get("vendor_id") == vendor_id
    assert hits[0].source == f"knowledge/vendors/{vendor_id}.yaml"


def test_filtered_search_with_real_vectors(real_retriever):
    hits = real_retriever.search("help desk in the Philippines", k=5, filters={"services": "it_support", "regions": "Asia-Pacific"})
    assert hits and hits[0].metadata["vendor_id"] == "bayanihan-service-desk"
    assert all("|it_support|" in h.metadata["services"] for h in hits)
