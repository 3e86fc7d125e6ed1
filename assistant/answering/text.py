"""Sentence splitting and word overlap shared by the composer and the citation check."""

import re

from assistant.knowledge.lexical import tokenize

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"“(\[]?[A-Z0-9*])|\n+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NUMBER_MARKER = re.compile(r"\d{1,3}[.)]")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences and list items, dropping headings and quote markers."""
    out = []
    for piece in _SPLIT.split(text):
        piece = piece.strip().lstrip(">").strip()
        # "1." before a list item's text is a marker the splitter cut off, not a sentence.
        if _NUMBER_MARKER.fullmatch(piece):
            continue
        piece = _LIST_MARKER.sub("", piece)
        if piece and not piece.startswith("#"):
            out.append(piece)
    return out


def overlap(claim: str, passage: str) -> float:
    """Return the share of the claim's content words that the passage contains."""
    claim_terms = set(tokenize(claim))
    if not claim_terms:
        return 0.0
    return len(claim_terms & set(tokenize(passage))) / len(claim_terms)
