"""Convert a needs statement in Markdown (possibly edited by the user) to a .docx file with the same sections."""

import io
import re

from docx import Document
from docx.shared import Pt

_INLINE = re.compile(r"(\*\*[^*]+\*\*|__[^_]+__|\*[^*\s][^*]*\*|`[^`]+`|\[[^\]]+\]\([^)]+\))")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)\d+[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _add_inline(paragraph, text: str) -> None:
    """Add text to a paragraph, turning **bold**, *italic*, `code` and [links](url) into runs."""
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith(("**", "__")) and len(part) > 4:
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            paragraph.add_run(part[1:-1]).italic = True
        elif part.startswith("`") and part.endswith("`"):
            run = paragraph.add_run(part[1:-1])
            run.font.name = "Courier New"
        elif part.startswith("["):
            label, url = re.match(r"\[([^\]]+)\]\(([^)]+)\)", part).groups()
            paragraph.add_run(f"{label} ({url})")
        else:
            paragraph.add_run(part)


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    # Split on pipes that are not escaped, then unescape the rest.
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _add_table(document, rows: list[str]) -> None:
    header = _cells(rows[0])
    body = [_cells(r) for r in rows[1:] if not _TABLE_SEPARATOR.match(r)]
    table = document.add_table(rows=1 + len(body), cols=len(header))
    table.style = "Table Grid"
    for row_index, values in enumerate([header] + body):
        for col in range(len(header)):
            paragraph = table.cell(row_index, col).paragraphs[0]
            _add_inline(paragraph, values[col] if col < len(values) else "")
            if row_index == 0:
                for run in paragraph.runs:
                    run.bold = True


def statement_to_docx(markdown_text: str) -> bytes:
    """Return a .docx rendering of Markdown: headings, paragraphs, bullet and numbered lists, tables, quotes."""
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    lines = (markdown_text or "").splitlines()
    paragraph_lines: list[str] = []

    def flush() -> None:
        if paragraph_lines:
            _add_inline(document.add_paragraph(), " ".join(s.strip() for s in paragraph_lines))
            paragraph_lines.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        if stripped.startswith("|") and i + 1 < len(lines) and _TABLE_SEPARATOR.match(lines[i + 1].strip()):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(lines[i].strip())
                i += 1
            _add_table(document, rows)
            continue
        if not stripped:
            flush()
        elif heading:
            flush()
            level = len(heading.group(1))
            if level == 1 and not document.core_properties.title:
                document.core_properties.title = heading.group(2)[:255]
            # "#" is the document title; "##" sections become Heading 1 so the outline matches the Markdown.
            document.add_heading(heading.group(2), level=0 if level == 1 else min(level - 1, 9))
        elif re.fullmatch(r"(-{3,}|\*{3,}|_{3,})", stripped):
            flush()
        elif _BULLET.match(line):
            flush()
            indent, text = _BULLET.match(line).groups()
            style = "List Bullet 2" if len(indent) >= 2 else "List Bullet"
            _add_inline(document.add_paragraph(style=style), text)
        elif _NUMBERED.match(line):
            flush()
            _add_inline(document.add_paragraph(style="List Number"), _NUMBERED.match(line).group(2))
        elif stripped.startswith(">"):
            flush()
            _add_inline(document.add_paragraph(style="Quote"), stripped.lstrip("> ").strip())
        else:
            paragraph_lines.append(stripped)
        i += 1
    flush()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
