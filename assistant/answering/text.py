"""Sentence splitting and word overlap shared by the composer and the citation check."""

from assistant.knowledge.lexical import tokenize
from assistant.sentences import split_sentences

__all__ = ["overlap", "split_sentences"]


def overlap(claim: str, passage: str) -> float:
    """Return the share of the claim's content words that the passage contains."""
    claim_terms = set(tokenize(claim))
    if not claim_terms:
        return 0.0
    return len(claim_terms & set(tokenize(passage))) / len(claim_terms)
