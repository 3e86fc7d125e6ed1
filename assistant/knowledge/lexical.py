"""A small BM25 index over the live chunks, for the lexical half of hybrid search."""

import math
import re
from collections import Counter

_TOKEN = re.compile(r"[a-z0-9]+(?:[/'][a-z0-9]+)?")
_STOPWORDS = frozenset(
    """a an and are as at be but by can could do does for from has have how i if in into is it its
    me my of on or our should so than that the their them then there these they this to us was we
    what when where which who why will with would you your""".split()
)


def _stem(token: str) -> str:
    # A light suffix stripper: enough to match risk/risks and outsourcing/outsource.
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3 and not token.endswith("ss"):
            return token[: -len(suffix)] + keep
    return token


# Clitics of English contractions and possessives: "what's" is "what", "vendor's" is "vendor".
_CLITIC = re.compile(r"'(s|re|ve|ll|d|m)$")
_NEGATION = re.compile(r"n't$")


def _word(token: str) -> str:
    if _NEGATION.search(token):
        return "not"
    return _CLITIC.sub("", token)


def tokenize(text: str) -> list[str]:
    """Lowercase, split into words, drop stopwords, contractions' clitics and common suffixes."""
    words = (_word(t) for t in _TOKEN.findall(text.lower().replace("’", "'")))
    return [_stem(w) for w in words if w and w not in _STOPWORDS]


_WORD = re.compile(r"(?<![\w'’])([A-Za-z][A-Za-z0-9]*)")
_SENTENCE_START = re.compile(r"(^|[.?!:;|*#>\-•\n(\"“])\s*$")
NAME_SHARE = 0.8


def proper_names(texts: list[str]) -> set[str]:
    """Return the terms the texts write capitalised even mid-sentence: names, acronyms, codes."""
    seen: Counter = Counter()
    capitalised: Counter = Counter()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group(1)
            term = _stem(_word(word.lower()))
            if term in _STOPWORDS or len(term) < 2:
                continue
            if _SENTENCE_START.search(text[max(0, match.start() - 3):match.start()]):
                continue
            seen[term] += 1
            capitalised[term] += word[0].isupper()
    return {t for t, n in seen.items() if capitalised[t] >= NAME_SHARE * n}


class BM25Index:
    """Okapi BM25 over a fixed list of texts."""

    def __init__(self, texts: list[str], k1: float = 1.4, b: float = 0.75):
        self.k1, self.b = k1, b
        self.docs = [Counter(tokenize(t)) for t in texts]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg_length = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        frequency: Counter = Counter()
        for doc in self.docs:
            frequency.update(doc.keys())
        n = len(self.docs)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
        self.names = proper_names(texts)

    def scores(self, query: str) -> list[float]:
        """Return the BM25 score of every text for the query."""
        terms = tokenize(query)
        out = []
        for doc, length in zip(self.docs, self.lengths):
            total = 0.0
            norm = self.k1 * (1 - self.b + self.b * length / self.avg_length) if self.avg_length else self.k1
            for term in terms:
                tf = doc.get(term)
                if tf:
                    total += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            out.append(total)
        return out

    def top(self, query: str, n: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """Return (position, score) of the n best-scoring texts with a positive score."""
        ranked = sorted(
            ((i, s) for i, s in enumerate(self.scores(query)) if s > 0 and (allowed is None or i in allowed)),
            key=lambda pair: -pair[1],
        )
        return ranked[:n]
