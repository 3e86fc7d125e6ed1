"""Baselines scored beside the assistant: BM25-only retrieval and the plain LangChain recipe."""

import uuid
from pathlib import Path

from langchain_core.documents import Document

from assistant.answering.backends import Backend
from assistant.answering.models import Answer, Turn
from assistant.answering.text import split_sentences
from assistant.evaluation.runner import AssistantSystem
from assistant.knowledge.lexical import tokenize
from assistant.knowledge.retrieval import Hit, Retriever
from assistant.settings import Settings

NAIVE_CHUNK_SIZE = 1000
NAIVE_CHUNK_OVERLAP = 200
NAIVE_K = 4
NAIVE_SENTENCES = 3
_SEPARATORS = ("\n\n", "\n", " ", "")


class FixedModeRetriever(Retriever):
    """A Retriever that searches in one mode whatever the caller asks for."""

    def __init__(self, settings: Settings, store, embed_query, mode: str):
        super().__init__(settings, store, embed_query)
        self.mode = mode

    def search(self, query: str, k: int | None = None, filters: dict | None = None, mode: str = "hybrid",
               kind_weights: dict[str, float] | None = None) -> list[Hit]:
        """Search with the fixed mode."""
        return super().search(query, k, filters, self.mode, kind_weights)


def bm25_system(settings: Settings, retriever: Retriever) -> AssistantSystem:
    """Return the assistant with BM25-only retrieval and the extractive composer."""
    from assistant.answering import Assistant

    lexical = FixedModeRetriever(settings, retriever.store, retriever.embed_query, "bm25")
    return AssistantSystem("bm25", Assistant(settings, lexical, Backend("extractive")), retrieval="bm25")


def _pieces(text: str, separator: str) -> list[str]:
    if not separator:
        return list(text)
    parts = text.split(separator)
    # The separator stays at the start of the piece that follows it, as LangChain keeps it.
    return [p for p in [parts[0]] + [separator + p for p in parts[1:]] if p]


def _merge(pieces: list[str], size: int, overlap: int) -> list[str]:
    chunks, window, length = [], [], 0
    for piece in pieces:
        if window and length + len(piece) > size:
            chunks.append("".join(window).strip())
            # Keep a tail of the previous chunk (at most `overlap` characters) to start the next one.
            while window and (length > overlap or length + len(piece) > size):
                length -= len(window.pop(0))
        window.append(piece)
        length += len(piece)
    chunks.append("".join(window).strip())
    return [c for c in chunks if c]


def recursive_split(text: str, size: int = NAIVE_CHUNK_SIZE, overlap: int = NAIVE_CHUNK_OVERLAP,
                    separators: tuple[str, ...] = _SEPARATORS) -> list[str]:
    """Split like LangChain's RecursiveCharacterTextSplitter: paragraphs, then lines, then words."""
    separator = next(s for s in separators if not s or s in text)
    finer = separators[separators.index(separator) + 1:]
    chunks: list[str] = []
    small: list[str] = []
    for piece in _pieces(text, separator):
        if len(piece) < size:
            small.append(piece)
            continue
        if small:
            chunks += _merge(small, size, overlap)
            small = []
        chunks += recursive_split(piece, size, overlap, finer) if finer else [piece]
    if small:
        chunks += _merge(small, size, overlap)
    return chunks


def split_documents(documents: list[Document]) -> tuple[list[Document], str]:
    """Split with langchain-text-splitters when installed, else with the equivalent above."""
    try:
        from langchain_text_splitters import RecursiveCharacterTextSplitter
    except ImportError:
        chunks = [
            Document(page_content=piece, metadata=dict(doc.metadata))
            for doc in documents for piece in recursive_split(doc.page_content)
        ]
        return chunks, "recursive character splitter (built-in equivalent of RecursiveCharacterTextSplitter)"
    splitter = RecursiveCharacterTextSplitter(chunk_size=NAIVE_CHUNK_SIZE, chunk_overlap=NAIVE_CHUNK_OVERLAP)
    return splitter.split_documents(documents), "langchain_text_splitters.RecursiveCharacterTextSplitter"


def source_documents(settings: Settings, store) -> list[Document]:
    """Read the files the store was built from, as a newcomer would load them (no cleaning)."""
    from assistant.knowledge.loaders import DocumentError, load_document
    from assistant.vendors import VendorProfileError, load_vendor, render_vendor

    documents = []
    for source, entry in sorted(store.load_manifest().sources.items()):
        path = Path(entry.path)
        try:
            if entry.kind == "vendor" and path.suffix.lower() in {".yaml", ".yml"}:
                text = render_vendor(load_vendor(path))
            else:
                text = load_document(path, int(settings.max_upload_mb * 1_000_000)).text
        except (DocumentError, VendorProfileError, OSError):
            continue  # the store skipped or lost it too
        documents.append(Document(page_content=text, metadata={"source": source, "title": path.stem}))
    return documents


class NaiveLangChain:
    """Splitter 1000/200, Chroma similarity search k=4, no threshold, no history: the tutorial recipe."""

    name = "langchain-naive"
    k = NAIVE_K

    def __init__(self, settings: Settings, store, embeddings=None):
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        if embeddings is None:
            from assistant.embeddings import load_embeddings

            embeddings = load_embeddings(settings.embedding_model)
        self.settings = settings
        chunks, self.splitter = split_documents(source_documents(settings, store))
        self.chunk_count = len(chunks)
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False))
        # A fresh collection name: ephemeral clients in one process share their collections.
        self.vectors = Chroma(collection_name=f"naive-{uuid.uuid4().hex}", embedding_function=embeddings, client=client)
        if chunks:
            self.vectors.add_documents(chunks, ids=[f"naive-{i}" for i in range(len(chunks))])

    def _search(self, question: str) -> list[Hit]:
        found = self.vectors.similarity_search_with_score(question, k=self.k)
        # Chroma's default space is squared L2; for unit vectors cosine = 1 - d/2.
        return [
            Hit(doc.id or "", doc.page_content, doc.metadata.get("source", ""), doc.metadata.get("title", ""), "",
                1 - float(distance) / 2, dict(doc.metadata))
            for doc, distance in found
        ]

    def answer(self, question: str, history: list[Turn]) -> Answer:
        """Quote the first sentences of the best passage; never refuse, ignore the history."""
        hits = self._search(question)
        if not hits:
            return Answer("", [], False, self.name, question)
        sentences = [s for s in split_sentences(hits[0].text) if tokenize(s)][:NAIVE_SENTENCES]
        return Answer(" ".join(f"{s} [1]" for s in sentences), hits[:1], False, self.name, question)

    def ranking(self, question: str, answer: Answer) -> list[Hit]:
        """Return the k passages the similarity search found."""
        return self._search(question)

    def describe(self) -> dict:
        """Return the recipe's settings."""
        return {
            "backend": "none (top passage's first sentences, cited [1])",
            "retrieval": "dense: Chroma similarity_search",
            "k": self.k,
            "relevance_threshold": None,
            "embedding_model": self.settings.embedding_model,
            "chunking": f"{self.splitter}, {NAIVE_CHUNK_SIZE}/{NAIVE_CHUNK_OVERLAP}",
            "chunks": self.chunk_count,
            "history": "ignored",
        }

    def close(self) -> None:
        """Drop the temporary collection."""
        try:
            self.vectors.delete_collection()
        except Exception:
            pass  # best effort: it lives in memory only


def baseline_systems(settings: Settings, retriever: Retriever) -> list:
    """Return the BM25-only and LangChain-recipe baselines over the same knowledge."""
    return [bm25_system(settings, retriever), NaiveLangChain(settings, retriever.store)]
