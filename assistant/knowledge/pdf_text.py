"""Rebuild a PDF's text as written, from PDFium's glyph positions: paragraphs, headings, lists and tables.

A PDF holds positioned glyphs, not paragraphs. Reading only its text stream (what pypdf does) gives
one line per printed line, headings indistinguishable from body text, table cells run together and
page headers inside sentences. Here lines are grouped into blocks by their spacing and font, headings
are told by size or weight, table rows by wide gaps between cells, and running headers and footers are
dropped. Each page starts with `PAGE_MARK`, so every chunk keeps the page a reader can open.
"""

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.knowledge.layout import FIELD_LINE, LIST_ITEM, page_mark

# A gap between glyphs wider than this share of the font size separates table cells.
_CELL_GAP_EM = 0.9
# A line pitch this much above the body's usual one starts a new paragraph.
_PARAGRAPH_PITCH = 1.3
_HEADING_SIZE = 1.12
_MAX_HEADING_WORDS = 14
# Headers and footers sit in this share of the page height at the top and bottom.
_MARGIN_BAND = 0.09
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;)\]\"”’]$")


class PdfTextError(ValueError):
    """A PDF whose text cannot be read, with the reason."""


@dataclass
class Line:
    """One printed line: its text (cells when it is a table row), position and font."""

    cells: list[str]
    left: float
    right: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def text(self) -> str:
        return " ".join(self.cells)


@dataclass
class Block:
    """Consecutive lines that read as one unit: a heading, a paragraph, a list item or a table."""

    kind: str  # heading | paragraph | item | table
    lines: list[Line] = field(default_factory=list)
    level: int = 0

    @property
    def size(self) -> float:
        return self.lines[0].size

    def render(self) -> str:
        if self.kind == "table":
            width = len(self.lines[0].cells)
            # A shorter row (a total) keeps its label first and its figure in the last column.
            padded = [line.cells if len(line.cells) >= width else
                      line.cells[:-1] + [""] * (width - len(line.cells)) + line.cells[-1:] for line in self.lines]
            rows = [f"| {' | '.join(cells)} |" for cells in padded]
            return "\n".join([rows[0], "|" + " --- |" * width, *rows[1:]])
        text = _joined(line.text for line in self.lines)
        return f"{'#' * self.level} {text}" if self.kind == "heading" else text


def _joined(parts) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        # A hyphen at the margin inside a word ("long-" + "term") joins without a space.
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[:1].islower():
            out += part
        else:
            out = f"{out} {part}" if out else part
    return out


def _is_bold(textpage, index: int, cache: dict) -> bool:
    """Return whether the glyph at index is set in a bold font (by weight or by name)."""
    import pypdfium2.raw as pdfium_c

    obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
    key = ctypes.cast(obj, ctypes.c_void_p).value if obj else None
    if key in cache:
        return cache[key]
    bold = False
    if obj:
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        if font:
            weight = pdfium_c.FPDFFont_GetWeight(font)
            buffer = ctypes.create_string_buffer(128)
            length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 128)
            name = buffer.raw[: max(0, length - 1)].decode("latin-1", "ignore").lower()
            bold = weight >= 600 or any(mark in name for mark in ("bold", "black", "heavy", "semibold"))
    cache[key] = bold
    return bold


def _page_lines(page) -> list[Line]:
    """Return the printed lines of a page in content order, splitting cells at wide gaps."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    raw = textpage.raw
    text = textpage.get_text_range()
    count = min(textpage.count_chars(), len(text))
    lines: list[Line] = []
    cache: dict = {}
    cells: list[str] = []
    current = ""
    boxes: list[tuple] = []
    sizes: list[float] = []
    bold_glyphs = 0
    previous_right = None

    def finish():
        nonlocal current, cells, boxes, sizes, bold_glyphs, previous_right
        if current.strip():
            cells.append(current.strip())
        if cells and boxes:
            size = max(set(sizes), key=sizes.count)
            lines.append(Line([" ".join(c.split()) for c in cells], min(b[0] for b in boxes), max(b[2] for b in boxes),
                              max(b[3] for b in boxes), min(b[1] for b in boxes), size,
                              bold_glyphs >= 0.6 * len(sizes)))
        cells, current, boxes, sizes, bold_glyphs, previous_right = [], "", [], [], 0, None

    for index in range(count):
        char = text[index]
        if char in "\r\n":
            if char == "\n" or index + 1 >= count or text[index + 1] != "\n":
                finish()
            continue
        if char.isspace() or pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
            current += " "
            continue
        box = textpage.get_charbox(index)
        size = pdfium_c.FPDFText_GetFontSize(raw, index) or (box[3] - box[1])
        if previous_right is not None and box[0] - previous_right > _CELL_GAP_EM * size and current.strip():
            cells.append(current.strip())
            current = ""
        current += char
        previous_right = box[2]
        boxes.append(box)
        sizes.append(round(size, 1))
        bold_glyphs += _is_bold(raw, index, cache)
    finish()
    textpage.close()
    return lines


def _drop_running_lines(pages: list[list[Line]], heights: list[float]) -> tuple[list[list[Line]], list[str]]:
    """Remove page numbers and headers or footers that repeat in the page margins; return what repeated.

    A running header often names who wrote the document ("Nordwave Managed Services AS - Proposal
    NW-2026-0147"): not text to quote on every page, but what the document is, so it is returned.
    """
    def key(line):
        return re.sub(r"\d+", "#", line.text.lower()).strip()

    def in_margin(line, height):
        return line.top > height * (1 - _MARGIN_BAND) or line.bottom < height * _MARGIN_BAND

    margins = [{key(l): l for l in lines if in_margin(l, h)} for lines, h in zip(pages, heights)]
    repeated = Counter(k for found in margins for k in found)
    exact = Counter(line.text for found in margins for line in found.values())
    threshold = max(2, (len(pages) + 1) // 2)
    kept = [[line for line in lines if not (in_margin(line, h) and (_PAGE_NUMBER.match(line.text.strip())
                                                                     or repeated[key(line)] >= threshold))]
            for lines, h in zip(pages, heights)]
    # The same words on most pages, not a page count ("page 3 of 9" differs on every page).
    running = [text for text, n in exact.items() if n >= threshold and not _PAGE_NUMBER.match(text.strip())]
    return kept, running


def _body_size(pages: list[list[Line]]) -> float:
    weights = Counter()
    for lines in pages:
        for line in lines:
            weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _is_heading(line: Line, body: float) -> bool:
    words = line.text.split()
    if len(line.cells) > 1 or not words or len(words) > _MAX_HEADING_WORDS or line.text.endswith((".", ",", ";")):
        return False
    return line.size >= body * _HEADING_SIZE or (line.bold and line.size >= body * 0.95)


def _tables_only_in_runs(lines: list[Line]) -> None:
    """Keep cells only on lines in a run of table rows: a lone line with wide gaps is justified text.

    A row with fewer cells right under a table (a total, a subtotal) stays one of its rows.
    """
    counts = [len(line.cells) for line in lines]
    for i, line in enumerate(lines):
        before = counts[i - 1] if i else 0
        after = counts[i + 1] if i + 1 < len(lines) else 0
        if counts[i] > 1 and counts[i] not in {before, after} and before < 2:
            line.cells = [line.text]
            counts[i] = 1


def _blocks(lines: list[Line], body: float) -> list[Block]:
    """Group a page's lines into blocks by spacing, font and markers."""
    _tables_only_in_runs(lines)
    pitches = [(a.top - b.top) / max(a.size, 1) for a, b in zip(lines, lines[1:])
               if 0 < a.top - b.top and abs(a.size - b.size) < 0.5 and len(a.cells) == len(b.cells) == 1]
    usual = statistics.median(pitches) if pitches else 1.2
    right = max((line.right for line in lines), default=0)
    blocks: list[Block] = []
    for line in lines:
        if _is_heading(line, body):
            kind = "heading"
        elif len(line.cells) > 1:
            kind = "table"
        elif LIST_ITEM.match(line.text):
            kind = "item"
        else:
            kind = "paragraph"
        last = blocks[-1] if blocks else None
        if last is not None and _continues(last, line, kind, usual, right):
            last.lines.append(line)
        else:
            blocks.append(Block(kind, [line]))
    return blocks


def _continues(block: Block, line: Line, kind: str, usual: float, right: float) -> bool:
    """Return whether a line carries on the block before it."""
    previous = block.lines[-1]
    if block.kind == "table":
        return kind == "table" and (len(line.cells) == len(block.lines[0].cells)
                                    or (1 < len(line.cells) < len(block.lines[0].cells) and line.top < previous.top))
    if kind in {"table", "item"} or (kind == "heading") != (block.kind == "heading"):
        # A wrapped list item goes on in a plain line; a new marker starts a new item.
        return block.kind == "item" and kind == "paragraph" and _same_paragraph(previous, line, usual, right)
    return _same_paragraph(previous, line, usual, right)


def _same_paragraph(previous: Line, line: Line, usual: float, right: float) -> bool:
    pitch = (previous.top - line.top) / max(previous.size, 1)
    if pitch <= 0:  # moved up the page: the next column or a new frame
        return False
    if abs(previous.size - line.size) > 0.5 or previous.bold != line.bold:
        return False
    if pitch > usual * _PARAGRAPH_PITCH:
        return False
    if FIELD_LINE.match(previous.text) and FIELD_LINE.match(line.text):  # "Date: ..." under "Reference: ..."
        return False
    # A line that stops well short of the margin after a full stop ends its paragraph.
    short = previous.right < right - 0.15 * max(right - previous.left, 1)
    return not (short and _SENTENCE_END.search(previous.text))


def _levels(blocks: list[list[Block]]) -> None:
    """Give headings Markdown levels by size: a single largest heading titles the document."""
    sizes = sorted({b.size for page in blocks for b in page if b.kind == "heading"}, reverse=True)
    largest = sum(1 for page in blocks for b in page if b.kind == "heading" and b.size == sizes[0]) if sizes else 0
    first = 1 if largest == 1 else 2
    for page in blocks:
        for block in page:
            if block.kind == "heading":
                block.level = min(first + sizes.index(block.size), 6)


def _join_across_pages(blocks: list[list[Block]]) -> None:
    """Move a paragraph's continuation from the top of a page onto the end of the page before."""
    for before, after in zip(blocks, blocks[1:]):
        if not before or not after:
            continue
        tail, head = before[-1], after[0]
        if (tail.kind in {"paragraph", "item"} and head.kind == "paragraph"
                and not _SENTENCE_END.search(tail.lines[-1].text) and abs(tail.size - head.size) < 0.5):
            tail.lines.extend(head.lines)
            after.pop(0)


@dataclass
class PdfText:
    """A PDF's text with a mark at each page, its own title (or ""), and the lines repeated on its pages."""

    text: str
    title: str
    running: list[str]


def read_pdf(path: Path) -> PdfText:
    """Read a PDF file's text as written."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise PdfTextError("the PDF is encrypted (save an unprotected copy)") from exc
        raise PdfTextError(f"not a readable PDF ({exc})") from exc
    try:
        pages, heights = [], []
        for page in document:
            heights.append(page.get_height())
            pages.append(_page_lines(page))
            page.close()
        title = (document.get_metadata_value("Title") or "").strip()
    finally:
        document.close()
    if not any(pages):
        raise PdfTextError("no text layer: this looks like a scanned PDF, and OCR is not installed")
    pages, running = _drop_running_lines(pages, heights)
    body = _body_size(pages)
    blocks = [_blocks(lines, body) for lines in pages]
    _levels(blocks)
    _join_across_pages(blocks)
    parts = []
    for number, page in enumerate(blocks, 1):
        if page:
            parts.append(page_mark(number))
            parts.extend(block.render() for block in page)
    return PdfText("\n\n".join(parts), title, running)
