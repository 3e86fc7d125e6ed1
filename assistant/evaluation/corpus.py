"""Evaluation corpora: a folder of documents plus the questions asked about them.

A corpus folder holds `documents/` (any supported format), `cases.jsonl` (more questions may be
added later as further `*.jsonl` files beside it) and optionally `thresholds.json`. It is evaluated the way a company would use the product: the built-in knowledge
base plus the corpus documents, in a store of its own so the user's store is never touched.
"""

from dataclasses import dataclass
from pathlib import Path

from assistant.settings import PROJECT_ROOT, Settings

CORPORA_DIR = PROJECT_ROOT / "evals" / "corpora"


class CorpusError(ValueError):
    """A folder that is not a usable evaluation corpus."""


@dataclass(frozen=True)
class Corpus:
    """The parts of an evaluation corpus folder."""

    name: str
    root: Path

    @property
    def documents(self) -> Path:
        """Return the folder of documents to ingest."""
        return self.root / "documents"

    @property
    def cases(self) -> Path:
        """Return the questions: the folder's JSONL files, read as one dataset."""
        # Frozen files are never edited; questions written later go in files of their own.
        return self.root

    @property
    def first_cases(self) -> Path:
        """Return the JSONL file of questions the corpus was frozen with."""
        return self.root / "cases.jsonl"

    @property
    def thresholds(self) -> Path:
        """Return the regression thresholds of the corpus (may not exist)."""
        return self.root / "thresholds.json"


def load_corpus(path: Path) -> Corpus:
    """Return the corpus in a folder, raising CorpusError with what is missing."""
    root = Path(path)
    if not root.is_dir():
        raise CorpusError(f"corpus {root} is not a folder")
    corpus = Corpus(root.name, root)
    missing = [p.name for p in (corpus.documents, corpus.first_cases) if not p.exists()]
    if missing:
        raise CorpusError(f"corpus {root} lacks {' and '.join(missing)}")
    return corpus


def all_corpora() -> list[Corpus]:
    """Return the committed corpora under evals/corpora, in name order."""
    return [load_corpus(p) for p in sorted(CORPORA_DIR.iterdir()) if p.is_dir() and (p / "cases.jsonl").exists()]


def corpus_settings(settings: Settings, corpus: Corpus) -> Settings:
    """Return settings whose store is the corpus's own, under the data dir."""
    return settings.model_copy(update={"data_dir": settings.data_dir / "corpora" / corpus.name, "chroma_url": None})


def prepare_corpus(settings: Settings, corpus: Corpus, embed=None):
    """Ingest the built-in knowledge base and the corpus documents into the corpus store."""
    from assistant.knowledge.ingest import ingest

    # Exactly these documents: a copy ingested from another checkout would be retrieved twice.
    return ingest(settings, [settings.knowledge_dir, corpus.documents], embed=embed, only_these=True)
