"""Expand everyday wording with the knowledge base's own terms before retrieval."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

SYNONYMS_FILE = Path(__file__).with_name("synonyms.yaml")


@lru_cache(maxsize=2)
def load_synonyms(path: Path = SYNONYMS_FILE) -> list[tuple[re.Pattern, str]]:
    """Load the phrase -> domain terms table."""
    table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(re.compile(rf"\b{re.escape(str(k))}\b", re.IGNORECASE), str(v)) for k, v in table.items()]


def expand_query(question: str) -> str:
    """Return the question followed by the domain terms its everyday phrases stand for."""
    extra = [terms for pattern, terms in load_synonyms() if pattern.search(question)]
    return f"{question} ({'; '.join(dict.fromkeys(extra))})" if extra else question
