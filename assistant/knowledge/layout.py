"""Recover the logical lines of text as written: paragraphs, list items, table rows and headings.

Most documents outside this repository are hard-wrapped (plain text, e-mail style Markdown, PDF
text layers): a line break inside a paragraph is layout, not meaning. Downstream code (chunking,
sentence splitting, answers) treats every line break as a boundary, so wrapped lines are joined here.
"""

import re

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


def unwrap(text: str) -> str:
    """Join lines that a hard wrap broke, keeping paragraphs, list items, tables, headings and code."""
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
        if joinable and not _starts_block(line) and not (FIELD_LINE.match(line) and FIELD_LINE.match(out[-1])):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line)
        # A line filled close to the margin was wrapped; a short one ended its paragraph or item.
        joinable = len(line) >= _WRAPPED_SHARE * width and not _ends_block(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


_CAPS_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][A-Z0-9 ,&/()'’:-]{2,78}$")
_TITLE_LINE = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^.!?:;,|]{1,70}$")
_MAX_TITLE_WORDS = 9


def mark_plain_headings(text: str) -> str:
    """Turn plain-text headings into Markdown ones: an UPPERCASE line alone, or a short title line alone."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        alone = (i == 0 or not lines[i - 1].strip()) and (i + 1 < len(lines) and not lines[i + 1].strip())
        following = next((l for l in lines[i + 1:] if l.strip()), "")
        if alone and _CAPS_HEADING.match(stripped) and sum(c.isalpha() for c in stripped) >= 3:
            out.append(f"## {stripped}")
        # A short unpunctuated line before a longer paragraph titles it ("User-centered design").
        elif (alone and _TITLE_LINE.match(stripped) and len(stripped.split()) <= _MAX_TITLE_WORDS
              and len(following) > 2 * len(stripped) and not _starts_block(following)):
            out.append(f"### {stripped}")
        else:
            out.append(line)
    return "\n".join(out)
