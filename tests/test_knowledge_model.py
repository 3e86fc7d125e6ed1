"""Retrieval with the real embedding model over the real knowledge base (ingested into a temp dir)."""

import pytest

from assistant.knowledge.ingest import ingest
from assistant.knowledge.retrieval import Retriever
from assistant.knowledge.store import Store
from assistant.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def real_retriever(tmp_path_factory):
    from assistant.embeddings import load_embeddings

    with pytest.MonkeyPatch.context() as patch:
        import os

        for key in [k for k in os.environ if k.startswith("ASSISTANT_")]:
            patch.delenv(key)
        settings = Settings(
            data_dir=tmp_path_factory.mktemp("model") / "var", knowledge_dir=PROJECT_ROOT / "knowledge", chroma_url=None
        )
    embeddings = load_embeddings(settings.embedding_model)
    store = Store(settings)
    report = ingest(settings, embed=embeddings.embed_documents, store=store)
    assert not report.skipped and report.written > 0
    return Retriever(settings, store, embed_query=embeddings.embed_query)


@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_risks_question_finds_the_qa_risks_passage_first(real_retriever, mode):
    hits = real_retriever.search("what are the risks of IT outsourcing", k=5, mode=mode)
    assert hits[0].section == "Q&A About IT Outsourcing > What are the risks of IT outsourcing?"
    assert hits[0].text.startswith("Risks include losing control over certain processes")
    assert 0.5 < hits[0].score <= 1.0  # a real cosine similarity


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
