"""The one sentence splitter of the package: pysbd within each logical line.

Line breaks are boundaries (list items, table rows, paragraphs) once `knowledge.layout.unwrap` has
joined hard-wrapped lines; inside a line, pysbd's rules handle abbreviations ("e.g.", "U.S.",
"Sec. 4"), decimals and enumerations that a punctuation regex cuts apart.
"""

import re
from functools import lru_cache

_LIST_MARKER = re.compile(r"^\s*(?:[-*+•▪◦]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
_LEADING_CITATIONS = re.compile(r"^((?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)")
_TABLE_RULE = re.compile(r"^[\s|:+-]+$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# Pieces this short are the tail of an abbreviation pysbd did not know, not sentences of their own.
_MIN_PIECE = 3


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


@lru_cache(maxsize=50_000)
def segment(line: str) -> tuple[str, ...]:
    """Split one line of running text into sentences, keeping citations with the sentence they follow."""
    line = line.strip()
    if not line:
        return ()
    pieces: list[str] = []
    for piece in _segmenter().segment(line):
        piece = piece.strip()
        if not piece:
            continue
        citations = _LEADING_CITATIONS.match(piece)
        if citations and pieces:
            pieces[-1] = f"{pieces[-1]} {citations.group(1).strip()}"
            piece = piece[citations.end():].strip()
        if not piece:
            continue
        if pieces and len(piece) < _MIN_PIECE:
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return tuple(pieces)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, list items and table rows, dropping headings and quote markers."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip().lstrip(">").strip()
        if not line or line.startswith("#") or _TABLE_RULE.fullmatch(line):
            continue
        if _TABLE_ROW.match(line):
            out.append(" | ".join(cell.strip() for cell in line.strip("|").split("|")))
            continue
        out.extend(segment(_LIST_MARKER.sub("", line)))
    return out
