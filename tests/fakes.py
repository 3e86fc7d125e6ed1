"""Test doubles: a bag-of-words embedding and a tiny knowledge base built with it."""

import hashlib
import textwrap
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.knowledge.ingest import ingest
from assistant.knowledge.lexical import tokenize
from assistant.knowledge.retrieval import Retriever
from assistant.knowledge.store import Store
from assistant.settings import Settings


class HashingEmbeddings(Embeddings):
    """Hash words into buckets: cosine similarity tracks word overlap, so tests can reason about it."""

    def __init__(self, size: int = 256):
        self.size = size

    def _embed(self, text: str) -> list[float]:
        vector = np.zeros(self.size, dtype=np.float32)
        for token in tokenize(text):
            vector[int(hashlib.md5(token.encode()).hexdigest(), 16) % self.size] += 1.0
        norm = np.linalg.norm(vector)
        return (vector / norm if norm else vector).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed each text."""
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """Embed a query."""
        return self._embed(text)


GUIDE = """# Outsourcing Guide

## Types

### Cloud Outsourcing

Cloud outsourcing moves hosting, data storage, backup and recovery to an external company.

### IT Support Outsourcing

IT support outsourcing covers help with technical issues, software installation and user training.

## Risks

Risks include losing control over certain processes and issues with data confidentiality and security.

## Benefits

### Improved Flexibility

You can use outsourcing services for short-term projects or to add staff during peak periods.
"""


def ask_then_follow_up(assistant, question: str, follow_up: str):
    """Ask a question, then a follow-up with that exchange as history; return both answers."""
    from assistant.answering import Turn

    first = assistant.answer(question)
    return first, assistant.answer(follow_up, [Turn("user", question), Turn("assistant", first.answer)])


def make_knowledge(root: Path, extra: dict[str, str] | None = None) -> Path:
    """Write a small knowledge folder (a guide plus extra files) and return it."""
    folder = root / "knowledge"
    (folder / "guide").mkdir(parents=True, exist_ok=True)
    (folder / "guide" / "guide.md").write_text(GUIDE, encoding="utf-8")
    for name, text in (extra or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def build_knowledge_base(tmp_path: Path, extra: dict[str, str] | None = None, **overrides) -> tuple[Settings, Retriever, HashingEmbeddings]:
    """Ingest a small knowledge folder with hashing embeddings; return settings, retriever and embeddings."""
    embeddings = HashingEmbeddings()
    settings = Settings(data_dir=tmp_path / "var", knowledge_dir=make_knowledge(tmp_path, extra), chroma_url=None, **overrides)
    store = Store(settings)
    ingest(settings, embed=embeddings.embed_documents, store=store)
    return settings, Retriever(settings, store, embed_query=embeddings.embed_query), embeddings


# A child process that ingests one folder with hashing embeddings (no model), as `assistant ingest DIR` would.
INGEST = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from fakes import HashingEmbeddings
    from assistant.knowledge.ingest import ingest
    from assistant.settings import Settings
    settings = Settings(data_dir=Path({data!r}), knowledge_dir=Path({data!r}) / "none", chroma_url=None)
    report = ingest(settings, [Path(sys.argv[1])], embed=HashingEmbeddings().embed_documents, prune_missing=False)
    print(report.count("added"))
""")
