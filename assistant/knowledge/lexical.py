"""The lexical half of hybrid search: tokenising, proper names, and a BM25 index over the live chunks."""

import json
import logging
import math
import re
from functools import lru_cache
from collections import Counter
from pathlib import Path

import numpy as np
import Stemmer

from assistant.knowledge.saved_folder import replace_folder

# Bump when tokenising changes: saved indexes of an older tokeniser are rebuilt, not reused.
LEXICAL_VERSION = "3"
_TOKEN = re.compile(r"[a-z0-9]+(?:[/'][a-z0-9]+)?")
_STOPWORDS = frozenset(
    """a an and are as at be but by can could do does for from has have how i if in into is it its
    me my of on or our should so than that the their them then there these they this to us was we
    what when where which who why will with would you your""".split()
)
_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    # Snowball's English stemmer: risk/risks, increase/increased, efficient/efficiency meet.
    return _STEMMER.stemWord(token)


# Clitics of English contractions and possessives: "what's" is "what", "vendor's" is "vendor".
_CLITIC = re.compile(r"'(s|re|ve|ll|d|m)$")
_NEGATION = re.compile(r"n't$")


# "two hours" and "2 hours" are one duration to a reader; the words become digits so they meet.
# ("one" is left: far more often a pronoun than a count.)
_NUMBERS = dict(zip(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety".split(),
    [str(n) for n in (*range(2, 21), 30, 40, 50, 60, 70, 80, 90)],
))


def _word(token: str) -> str:
    if _NEGATION.search(token):
        return "not"
    word = _CLITIC.sub("", token)
    return _NUMBERS.get(word, word)


def tokenize(text: str) -> list[str]:
    """Lowercase, split into words, drop stopwords, contractions' clitics and common suffixes."""
    return list(_tokens(text))


# A question's sentences meet the same passages' sentences again and again (composer, gate, citation
# check): caching their tokens took tokenising from a third of a warm answer to almost nothing.
@lru_cache(maxsize=100_000)
def _tokens(text: str) -> tuple[str, ...]:
    words = (_word(t) for t in _TOKEN.findall(text.lower().replace("’", "'")))
    return tuple(_stem(w) for w in words if w and w not in _STOPWORDS)


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


def _bm25s():
    """Import bm25s, keeping its logger quiet: on import it sets itself to DEBUG, and the web server's log
    then printed "Building index from tokens" whatever level the app asked for."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


class BM25Index:
    """Okapi BM25 (Lucene's variant) over a fixed list of texts, scored by bm25s's sparse matrices.

    Tokenising and indexing tens of thousands of chunks takes seconds, so an index can be saved to a
    folder under a key (the manifest revision) and loaded from it while the key still holds.
    """

    def __init__(self, texts: list[str] | None = None, k1: float = 1.4, b: float = 0.75, *, _loaded=None):
        bm25s = _bm25s()

        if _loaded is not None:
            self.engine, self.names, self.count = _loaded
        else:
            tokens = [tokenize(t) for t in texts or []]
            self.count = len(tokens)
            self.engine = bm25s.BM25(method="lucene", k1=k1, b=b)
            if self.count:
                self.engine.index(tokens, show_progress=False)
            self.names = proper_names(texts or [])
        self.idf = self._idf()

    def _idf(self) -> dict[str, float]:
        if not self.count:
            return {}
        frequency = np.diff(self.engine.scores["indptr"])
        n = self.count
        return {term: math.log(1 + (n - int(frequency[i]) + 0.5) / (int(frequency[i]) + 0.5))
                for term, i in self.engine.vocab_dict.items() if term}

    def scores(self, query: str) -> np.ndarray:
        """Return the BM25 score of every text for the query."""
        known = [t for t in tokenize(query) if t in self.idf]
        if not known:
            return np.zeros(self.count, dtype=np.float32)
        return self.engine.get_scores(known)

    def top(self, query: str, n: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """Return (position, score) of the n best-scoring texts with a positive score."""
        scores = self.scores(query)
        if allowed is not None:
            mask = np.zeros(self.count, dtype=bool)
            mask[list(allowed)] = True
            scores = np.where(mask, scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if len(positive) > n > 0:
            # Sorting every match of a common word over 50k texts is the slow part: keep the n best
            # (and, of those tied with the n-th, the first ones) before sorting, as a full sort would.
            values = scores[positive]
            nth = np.partition(values, len(values) - n)[len(values) - n]
            above = positive[values > nth]
            positive = np.sort(np.r_[above, positive[values == nth][: n - len(above)]])
        best = positive[np.argsort(-scores[positive], kind="stable")][:n]
        return [(int(i), float(scores[i])) for i in best]

    def save(self, folder: Path, key: str) -> None:
        """Write the index to folder (replacing what was there) under a key, atomically."""
        def write(target: Path) -> None:
            if self.count:
                self.engine.save(str(target / "bm25"), show_progress=False)
            (target / "index.json").write_text(json.dumps({"key": key, "count": self.count,
                                                           "names": sorted(self.names)}), encoding="utf-8")

        replace_folder(folder, write)

    @classmethod
    def load(cls, folder: Path, key: str) -> "BM25Index | None":
        """Return the index saved in folder under this key, or None if it is missing, stale or unreadable."""
        bm25s = _bm25s()

        try:
            meta = json.loads((folder / "index.json").read_text(encoding="utf-8"))
            if meta.get("key") != key:
                return None
            engine = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if meta["count"] else bm25s.BM25()
        except (OSError, ValueError, KeyError):
            return None
        return cls(_loaded=(engine, set(meta["names"]), int(meta["count"])))


def lexical_index(texts: list[str], folder: Path, key: str) -> BM25Index:
    """Return the BM25 index of texts: loaded from folder when saved under key, else built (and saved)."""
    cached = BM25Index.load(folder, key)
    if cached is not None and cached.count == len(texts):
        return cached
    index = BM25Index(texts)
    try:
        index.save(folder, key)
    except OSError:
        pass  # a read-only data dir still answers; the index is rebuilt next start
    return index
