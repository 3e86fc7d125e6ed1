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
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*(\[\d+\])*\s*$")
_BOLD_LABEL = re.compile(r"^\*\*[^*]{1,120}\*\*:?\s+")
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
    lines = text.split("\n")
    for index, line in enumerate(lines):
        line = line.strip().lstrip(">").strip()
        if not line or line.startswith("#") or _TABLE_RULE.fullmatch(line):
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        # A table's header row names its columns; the rows below it say something.
        if _TABLE_ROW.match(line) and following and "-" in following and _TABLE_RULE.fullmatch(following):
            continue
        if _TABLE_ROW.match(line):
            cited = re.search(r"(\s*\[\d+\])+$", line)
            row = line[: cited.start()] if cited else line
            out.append(" | ".join(cell.strip() for cell in row.strip().strip("|").split("|")) + (cited.group(0) if cited else ""))
            continue
        line = _LIST_MARKER.sub("", line)
        # A bold label ("**Why does it work?** Because ...") introduces its line; it is not a sentence.
        label = _BOLD_LABEL.match(line)
        pieces = list(segment(line[label.end():] if label else line))
        if label and pieces:
            pieces[0] = f"{label.group(0).strip()} {pieces[0]}"
        out.extend(pieces or ([line] if line else []))
    return out
