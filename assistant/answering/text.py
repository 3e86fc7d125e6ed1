"""Sentence splitting and word overlap shared by the composer and the citation check."""

from assistant.knowledge.lexical import tokenize
from assistant.sentences import split_sentences

__all__ = ["overlap", "split_sentences"]


def overlap(claim: str, passage: str, idf: dict[str, float] | None = None, ceiling: float | None = None) -> float:
    """Return the share of the claim's content words that the passage contains (weighted by idf if given).

    A word the idf table lacks weighs `ceiling` (by default the rarest word's weight; a caller comparing
    one claim with many passages passes it, since finding it reads the whole table).
    """
    claim_terms = set(tokenize(claim))
    if not claim_terms:
        return 0.0
    found = claim_terms & set(tokenize(passage))
    if idf is None:
        return len(found) / len(claim_terms)
    if ceiling is None:
        ceiling = max(idf.values(), default=1.0)
    weight = lambda t: idf.get(t, ceiling)
    return sum(map(weight, found)) / sum(map(weight, claim_terms))
