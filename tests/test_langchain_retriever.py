"""The knowledge base as a LangChain BaseRetriever."""

import pytest
from langchain_core.retrievers import BaseRetriever

from assistant.knowledge.langchain_retriever import KnowledgeRetriever
from assistant.queries import QueryError
from fakes import build_knowledge_base


def test_documents_carry_the_citation_metadata_of_search_json(tmp_path):
    _, retriever, _ = build_knowledge_base(tmp_path)
    adapter = KnowledgeRetriever(retriever=retriever, k=3)
    assert isinstance(adapter, BaseRetriever)
    documents = adapter.invoke("What does cloud outsourcing include?")
    hits = retriever.search("What does cloud outsourcing include?", k=3)
    assert len(documents) == 3 and "backup and recovery" in documents[0].page_content
    first, hit = documents[0], hits[0].public()
    assert first.id == hit["id"] and first.page_content == hit["text"]
    assert {key: first.metadata[key] for key in ("id", "source", "title", "section", "score")} == \
        {key: hit[key] for key in ("id", "source", "title", "section", "score")}
    assert first.metadata["kind"] == "guide" and "Cloud Outsourcing" in first.metadata["section"]


def test_filters_narrow_the_search(tmp_path):
    _, retriever, _ = build_knowledge_base(tmp_path, {"vendors/acme.yaml": "id: acme\nname: Acme Cloud\n"
                                                      "summary: Acme Cloud hosts data for small firms.\n"})
    documents = KnowledgeRetriever(retriever=retriever, filters={"kind": "guide"}).invoke("Acme Cloud hosting")
    assert documents and all(d.metadata["kind"] == "guide" for d in documents)


def test_an_empty_query_is_a_clear_error(tmp_path):
    _, retriever, _ = build_knowledge_base(tmp_path)
    with pytest.raises(QueryError, match="empty"):
        KnowledgeRetriever(retriever=retriever).invoke("   ")
