"""The knowledge base as a LangChain retriever, for chains and agents built in that ecosystem."""

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.queries import clean_query


def to_document(hit) -> Document:
    """Return a hit as a Document whose metadata is the `assistant search --json` shape without the text."""
    public = hit.public()
    text = public.pop("text")
    # Flat metadata (vector stores and tracers expect it); the contract's own keys win over extra fields.
    return Document(page_content=text, id=public["id"], metadata=public.pop("metadata") | public)


class KnowledgeRetriever(BaseRetriever):
    """Wrap the project's Retriever: hybrid search, best passage first, citation metadata on each Document."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any  # assistant.knowledge.retrieval.Retriever; Any keeps pydantic from inspecting it
    k: int | None = None
    filters: dict | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        """Return the passages that best match the query."""
        cleaned, _ = clean_query(query, self.retriever.settings.max_query_chars)
        return [to_document(hit) for hit in self.retriever.search(cleaned, k=self.k, filters=self.filters)]
