"""Recover the logical lines of text as written: paragraphs, list items, table rows and headings.

Most documents outside this repository are hard-wrapped (plain text, e-mail style Markdown, PDF
text layers): a line break inside a paragraph is layout, not meaning. Downstream code (chunking,
sentence splitting, answers) treats every line break as a boundary, so wrapped lines are joined here.
"""

import re

from assistant.sentences import DOT_LEADER

LIST_ITEM = re.compile(r"^\s*(?:[-*+•▪◦]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,4}[.)])\s+\S")
_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$|^[^|]*\S\s\|\s\S.*\s\|\s\S")
_RULE = re.compile(r"^\s*([-=_*~])\1{2,}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# A page's text starts with this line (a private-use character, never in real text) and its number.
_PAGE_MARK = "\ue000"
PAGE_LINE = re.compile(r"^\ue000(\d+)$")
FIELD_LINE = re.compile(r"^\s*[A-Z][\w /&()-]{0,40}:\s+\S")
# Lines this much shorter than the document's wrap width end a paragraph on purpose.
_WRAPPED_SHARE = 0.6
_MIN_WRAP_WIDTH = 40


def page_mark(number: int) -> str:
    """Return the line that marks where page `number` of a paginated document starts."""
    return f"{_PAGE_MARK}{number}"


def line_starts(text: str) -> list[int]:
    """Return the offset where each line of text starts, and one past the end (len(text) + 1)."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


def wrap_width(lines: list[str]) -> int:
    """Estimate the column a hard-wrapped document breaks its lines at (a high percentile of lengths)."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


def _starts_block(line: str) -> bool:
    return bool(PAGE_LINE.match(line) or LIST_ITEM.match(line) or _HEADING.match(line) or _TABLE_ROW.match(line) or _RULE.match(line)
                or line.lstrip().startswith(">") or _FENCE.match(line))


def _ends_block(line: str) -> bool:
    return bool(PAGE_LINE.match(line) or _HEADING.match(line) or _TABLE_ROW.match(line) or _RULE.match(line))


def _join(previous: str, line: str) -> str:
    # "long-\nterm" was one word split at the margin only when the hyphen ends a word fragment.
    if re.search(r"[a-z]-$", previous) and line[:1].islower():
        return previous + line.lstrip()
    return previous.rstrip() + " " + line.strip()


# "Duty IT Manager ........ 091 555 0142": a dot leader ties a label to its value on one line, as a
# contact list or a table of contents does. Each such line is a record of its own.
_LEADER = re.compile(rf"(?<=\S)[ \t]*{DOT_LEADER.pattern}[ \t]*(?=\S)")


def unwrap(text: str) -> str:
    """Join lines that a hard wrap broke, keeping paragraphs, list items, tables, headings, code and dot-leader records."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    width = max(wrap_width(lines), _MIN_WRAP_WIDTH)
    out: list[str] = []
    in_fence = False
    joinable = False  # whether the last output line may take a continuation
    for raw in lines:
        line = raw.rstrip()
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            joinable = False
            continue
        if in_fence:
            out.append(line)
            continue
        if not line.strip():
            out.append("")
            joinable = False
            continue
        # A dot-leader line and a row of space-aligned columns are records, not wrapped text.
        record = bool(_LEADER.search(line) or _COLUMNS.search(line.strip()))
        if joinable and not record and not _starts_block(line) and not (FIELD_LINE.match(line) and FIELD_LINE.match(out[-1])):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line)
        # A line filled close to the margin was wrapped; a short one ended its paragraph or item.
        joinable = len(line) >= _WRAPPED_SHARE * width and not _ends_block(line) and not record
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


# A row of a table laid out with spaces ("ColdTrack monitoring     2 hours      15 minutes"): its
# cells stand apart by three spaces or more, or a tab (two may follow a full stop in typed prose).
_COLUMNS = re.compile(r"\S(?: {3,}|\t)\S")
_CELL_GAP = re.compile(r" {2,}|\t")
_COLUMN_RULE = re.compile(r"^\s*[-=]{3,}(?:[ \t]+[-=]{3,})*\s*$")


def markdown_table(rows: list[list[str]]) -> str:
    """Return rows of cell texts as a Markdown table, the first row as its header."""
    def cell(text: str) -> str:
        return " ".join(text.replace("|", "/").split())

    width = max(len(row) for row in rows)
    lines = [f"| {' | '.join(cell(c) for c in row + [''] * (width - len(row)))} |" for row in rows]
    return "\n".join([lines[0], "|" + " --- |" * width, *lines[1:]])


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in _CELL_GAP.split(line.strip())]


def aligned_tables(text: str) -> str:
    """Rewrite tables laid out with spaces as Markdown tables: a header row of columns, a rule, then rows.

    Plain text lays a table out in columns ("System    RTO    RPO" over a line of dashes); read as
    prose its rows run together, and a value no longer says which column it is in. Rows must have
    the header's number of cells; a table that changes shape keeps its lines as they are.
    """
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    in_fence = False
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
        header = _cells(line) if not in_fence and _COLUMNS.search(line.strip()) else []
        if len(header) >= 2 and i + 1 < len(lines) and _COLUMN_RULE.match(lines[i + 1]):
            end = i + 2
            while end < len(lines) and _COLUMNS.search(lines[end].strip()) and len(_cells(lines[end])) == len(header):
                end += 1
            if end > i + 2:
                out.append(markdown_table([header, *(_cells(row) for row in lines[i + 2:end])]))
                i = end
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


# A heading underlined with a row of one punctuation character ("Scope" over "=====").
_UNDERLINE = re.compile(r"^\s*([=\-~^*+#])\1{2,}\s*$")
# Markdown knows two underlines, "=" above "-"; plain text ranks them in the order a document first uses them.
_MARKDOWN_UNDERLINES = {"=": 1, "-": 2}
_MAX_UNDERLINED_CHARS = 240
MAX_UNDERLINED_LINES = 3
# (A header row of a plain-text table is underlined too: a line of _COLUMNS is no heading.)


def _underlined_text(line: str) -> bool:
    """Return whether a line may be (part of) a heading's text above an underline."""
    stripped = line.strip()
    return bool(stripped) and not (_UNDERLINE.match(line) or LIST_ITEM.match(line) or _HEADING.match(line)
                                   or _TABLE_ROW.match(line) or _FENCE.match(line) or _COLUMNS.search(stripped))


def mark_underlined_headings(text: str, markdown: bool) -> str:
    """Turn headings underlined with "=====" or "-----" into ATX ones ("# Scope"), dropping the underline.

    The heading is the paragraph of up to MAX_UNDERLINED_LINES lines above the underline (a long one
    is wrapped like any text), after a blank line or another heading; a line of columns ("System   RTO
    RPO") is a table's header. In plain text the underline must span at least half the text, as a
    typed one does; a longer paragraph above a line of dashes is text above a rule.
    """
    lines = text.split("\n")
    levels: dict[str, int] = dict(_MARKDOWN_UNDERLINES) if markdown else {}
    out: list[str] = []
    i = 0
    while i < len(lines):
        alone = not out or not out[-1].strip() or _HEADING.match(out[-1])
        end = i
        while alone and end < len(lines) and end - i < MAX_UNDERLINED_LINES and _underlined_text(lines[end]):
            end += 1
            match = _UNDERLINE.match(lines[end]) if end < len(lines) else None
            if not match:
                continue
            heading = " ".join(line.strip() for line in lines[i:end])
            longest = max(len(line.strip()) for line in lines[i:end])
            wanted = match.group(1) in levels if markdown else len(lines[end].strip()) * 2 >= longest
            if len(heading) <= _MAX_UNDERLINED_CHARS and wanted:
                level = levels.setdefault(match.group(1), min(6, 1 + len(levels)))
                out.append(f"{'#' * level} {heading}")
                i = end + 1
                break
        else:
            if not markdown and _UNDERLINE.match(lines[i]) and out and out[-1].strip() and not _COLUMNS.search(out[-1].strip()):
                # Plain text underlines a paragraph too long to title anything: the line is decoration
                # (read as a code fence, "~~~~" would keep all the text after it from being unwrapped).
                # Below a table's header row it marks where the rows start, and stays.
                out.append("")
                i += 1
                continue
            out.append(lines[i])
            i += 1
    return "\n".join(out)


_CAPS_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][A-Z0-9 ,&/()'’:-]{2,78}$")
_TITLE_LINE = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^.!?:;,|]{1,70}$")
_MAX_TITLE_WORDS = 9


def _paragraph_after(lines: list[str], i: int) -> str:
    """Return the paragraph that follows line i (its hard-wrapped lines joined), skipping blank lines."""
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    out = []
    while j < len(lines) and lines[j].strip():
        out.append(lines[j].strip())
        j += 1
    return " ".join(out)


def _heading_style(lines: list[str], i: int) -> str | None:
    """Return the style of heading line i is ("caps" or "title"), or None if it is text."""
    stripped = lines[i].strip()
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 < len(lines) and not lines[i + 1].strip()
    caps = bool(_CAPS_HEADING.match(stripped)) and sum(c.isalpha() for c in stripped) >= 3
    # An UPPERCASE line may run straight into its text ("LABELLING FAILURE" above its paragraph),
    # but not into more capitals: two such lines are one title broken in two.
    next_line = lines[i + 1].strip() if i + 1 < len(lines) else ""
    run_in = (before and next_line and not _CAPS_HEADING.match(next_line) and len(stripped.split()) >= 2
              and not stripped.endswith((",", "-")))
    if caps and (before and after or run_in):
        return "caps"
    # A short unpunctuated line before a longer paragraph titles it ("User-centered design"). (The
    # paragraph is read only for such a line: read for every line, a text without blank lines cost
    # time quadratic in its length.)
    if before and after and _TITLE_LINE.match(stripped) and len(stripped.split()) <= _MAX_TITLE_WORDS:
        following = _paragraph_after(lines, i)
        if len(following) > 2 * len(stripped) and not _continues_list(stripped, following):
            return "title"
    return None


def _marker(line: str) -> str | None:
    """Return the shape of a line's list marker ("0." for "12.", "(a)" for "(b)"), or None."""
    match = re.match(r"^\s*(\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]|[-*+•▪◦])\s", line)
    return re.sub(r"\d+", "0", re.sub(r"[a-zA-Z]+", "a", match.group(1))) if match else None


def _continues_list(line: str, following: str) -> bool:
    """Return whether a line and the paragraph after it are items of one list, or the paragraph another block.

    "9. Testing and exercises" above "(1) A full test..." titles a list; "1. Sign" above "2. Review" is one.
    """
    if not _starts_block(following):
        return False
    return not (LIST_ITEM.match(following) and _marker(line) != _marker(following))


def mark_plain_headings(text: str) -> str:
    """Turn plain-text headings into Markdown ones: an UPPERCASE line, or a short title line alone.

    The style a document uses first is its top level: "1. Purpose" above "LABELLING FAILURE" in one
    plan, "BASIC PRINCIPLES" above "User-centered design" in another.
    """
    lines = text.split("\n")
    levels: dict[str, int] = {}
    # Below the underlined headings a document has already, if any.
    top = max((len(m.group(1)) for line in lines if (m := re.match(r"^(#{1,6})\s", line))), default=1) + 1
    out = []
    for i, line in enumerate(lines):
        style = _heading_style(lines, i) if line.strip() and not _HEADING.match(line) else None
        if style is None:
            out.append(line)
            continue
        level = min(6, levels.setdefault(style, top + len(levels)))
        out.append(f"{'#' * level} {line.strip()}")
    return "\n".join(out)
