"""The one sentence splitter of the package: pysbd within each logical line.

Line breaks are boundaries (list items, table rows, paragraphs) once `knowledge.layout.unwrap` has
joined hard-wrapped lines; inside a line, pysbd's rules handle abbreviations ("e.g.", "U.S.",
"Sec. 4"), decimals and enumerations that a punctuation regex cuts apart.
"""

import re
from functools import lru_cache

_LIST_MARKER = re.compile(r"^\s*(?:[-*+•▪◦]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
_LEADING_CITATIONS = re.compile(r"^((?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)")
TABLE_RULE = re.compile(r"^[\s|:+-]+$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*(\[\d+\])*\s*$")
_BOLD_LABEL = re.compile(r"^\*\*[^*]{1,120}\*\*:?\s+")
# Pieces this short are the tail of an abbreviation pysbd did not know, not sentences of their own;
# so is a piece opening with a colon or a comma ("Item No." | ": 0001; ..."), joined back as written.
_MIN_PIECE = 3
# A row of four dots or more: the leader tying a label to its value ("Duty IT Manager ........ 091 555 0142").
DOT_LEADER = re.compile(r"\.{4,}")
_LEADER_MASK = "\ue001"  # a private-use character: never in real text
_CONTINUES = re.compile(r"^[:;,)\]}]")


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
    # A dot leader ("Duty IT Manager ....... 091 555 0142") is no ellipsis ending a sentence.
    line = DOT_LEADER.sub(lambda m: _LEADER_MASK * len(m.group(0)), line)
    pieces: list[str] = []
    for piece in _segmenter().segment(line):
        piece = piece.strip().replace(_LEADER_MASK, ".")
        if not piece:
            continue
        citations = _LEADING_CITATIONS.match(piece)
        if citations and pieces:
            pieces[-1] = f"{pieces[-1]} {citations.group(1).strip()}"
            piece = piece[citations.end():].strip()
        if not piece:
            continue
        if pieces and _CONTINUES.match(piece):
            pieces[-1] = f"{pieces[-1]}{piece}"
        elif pieces and len(piece) < _MIN_PIECE:
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return tuple(pieces)


def table_cells(line: str) -> list[str]:
    """Return the cells of a Markdown table row."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def labelled_row(header: list[str], row: list[str]) -> str:
    """Return a table row as a sentence that names each value's column ("Unit price: 185; ...")."""
    pairs = [(name, value) for name, value in zip(header, row) if value and value not in {"-", "–"}]
    if len(pairs) < 2 or not all(name for name, _ in pairs):
        return " | ".join(row)
    return "; ".join(f"{name}: {value}" for name, value in pairs) + "."


def table_header(lines: list[str], index: int) -> list[str] | None:
    """Return the header cells when lines[index] is a table's header row (a rule line follows it)."""
    line = lines[index].strip()
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    if TABLE_ROW.match(line) and following and "-" in following and TABLE_RULE.fullmatch(following):
        return table_cells(line)
    return None


def readable_tables(text: str) -> str:
    """Return text with each table row under a header written as a sentence naming its columns."""
    lines = text.split("\n")
    out: list[str] = []
    header: list[str] | None = None
    for index, line in enumerate(lines):
        found = table_header(lines, index)
        if found:
            header = found
            continue
        if header and TABLE_ROW.match(line):
            if not TABLE_RULE.fullmatch(line.strip()):
                out.append(labelled_row(header, table_cells(line)))
            continue
        header = None
        out.append(line)
    return "\n".join(out)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, list items and table rows, dropping headings and quote markers.

    A row of a table with a header reads as a sentence naming its columns, so that it says something
    on its own ("Service: Endpoint management; Unit price / month: 185.").
    """
    out: list[str] = []
    lines = text.split("\n")
    header: list[str] | None = None
    for index, line in enumerate(lines):
        line = line.strip().lstrip(">").strip()
        if not TABLE_ROW.match(line):
            header = None
        if not line or line.startswith("#") or TABLE_RULE.fullmatch(line):
            continue
        found = table_header(lines, index)
        if found:
            header = found
            continue
        if TABLE_ROW.match(line):
            cited = re.search(r"(\s*\[\d+\])+$", line)
            row = table_cells(line[: cited.start()] if cited else line)
            text_row = labelled_row(header, row) if header else " | ".join(row)
            out.append(text_row + (cited.group(0) if cited else ""))
            continue
        line = _LIST_MARKER.sub("", line)
        # A bold label ("**Why does it work?** Because ...") introduces its line; it is not a sentence.
        label = _BOLD_LABEL.match(line)
        pieces = list(segment(line[label.end():] if label else line))
        if label and pieces:
            pieces[0] = f"{label.group(0).strip()} {pieces[0]}"
        out.extend(pieces or ([line] if line else []))
    return out
