"""Read supported document formats into Markdown-like text with headings."""

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge.layout import LIST_ITEM, aligned_tables, markdown_table, mark_plain_headings, mark_underlined_headings, unwrap
from assistant.knowledge.lexical import tokenize
from assistant.knowledge.pdf_text import PdfTextError, read_pdf

_MAX_HEADER_CHARS = 90
SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm"}


class DocumentError(ValueError):
    """A document that cannot be ingested, with a reason a user can act on."""


@dataclass(frozen=True)
class LoadedDocument:
    """Text of one document plus its title, ready for chunking."""

    title: str
    text: str
    kind: str
    paginated: bool = False


def _title_from(text: str, fallback: str) -> str:
    match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else fallback


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    # Windows tools save "Unicode" text as UTF-16 with a byte-order mark: its zero bytes are not binary.
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"the file says it is {encoding.upper()} but is not valid {encoding.upper()}") from exc
    if b"\x00" in raw[:4096]:
        raise DocumentError("looks like a binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError("text encoding not recognised (save it as UTF-8)")


def _read_pdf(path: Path) -> tuple[str, str, list[str]]:
    try:
        found = read_pdf(path)
    except PdfTextError as exc:
        raise DocumentError(str(exc)) from exc
    return found.text, found.title, found.running


def _docx_table(table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A merged cell is reported once per grid column it spans; keep it once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
        if any(c.strip() for c in cells):
            rows.append(cells)
    return markdown_table(rows) if rows else ""


def _docx_paragraph(paragraph, numbering: dict) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    level = re.match(r"heading (\d)", style)
    if style == "title":
        return f"# {text}"
    if level:
        return "#" * min(int(level.group(1)) + 1, 6) + " " + text
    if "list" in style:
        depth = re.search(r"(\d)$", style)
        indent = "  " * (int(depth.group(1)) - 1 if depth else 0)
        if "number" in style:
            numbering[style] = numbering.get(style, 0) + 1
            return f"{indent}{numbering[style]}. {text}"
        return f"{indent}- {text}"
    numbering.clear()
    return text


def _read_docx(path: Path) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise DocumentError(f"not a readable DOCX file ({exc})") from exc
    blocks: list[str] = []
    numbering: dict = {}
    # Paragraphs and tables in the order they stand in the document.
    for item in document.iter_inner_content():
        block = _docx_table(item) if isinstance(item, Table) else _docx_paragraph(item, numbering)
        if not block:
            continue
        # Items of one list stay one block, as they read.
        if blocks and LIST_ITEM.match(block) and LIST_ITEM.match(blocks[-1].split("\n")[-1]):
            blocks[-1] += "\n" + block
        else:
            blocks.append(block)
    return "\n\n".join(blocks)


_NOT_CONTENT = ["script", "style", "nav", "footer", "header", "aside", "form", "noscript", "iframe", "svg",
                "template", "button"]
# Beyond this depth markdownify would recurse past Python's limit; such pages are read as plain lines.
_MAX_HTML_DEPTH = 200


def _depth(root) -> int:
    deepest, stack = 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in getattr(node, "contents", ()) if getattr(child, "name", None))
    return deepest


def _read_html(path: Path) -> str:
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(_read_text(path), "lxml")
    for tag in soup(_NOT_CONTENT):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    # The main element holds the page's content where a site marks it; otherwise the body.
    root = soup.find("main") or soup.find("article") or soup.body or soup
    if _depth(root) > _MAX_HTML_DEPTH:
        text = "\n\n".join(" ".join(s.split()) for s in root.stripped_strings)
    else:
        text = markdownify(str(root), heading_style="ATX", bullets="-", strip=["a", "img"],
                           escape_asterisks=False, escape_underscores=False, escape_misc=False)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if title and not re.match(r"#\s", text):
        text = f"# {title}\n\n{text}"
    return text


def load_document(path: Path, max_bytes: int) -> LoadedDocument:
    """Read a document, raising DocumentError with a one-line reason when it cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"unsupported file type {suffix or '(none)'}; use Markdown, text, PDF, DOCX or HTML")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"cannot read file ({exc.strerror})") from exc
    if size == 0:
        raise DocumentError("the file is empty")
    if size > max_bytes:
        # Enough decimals that the size and the limit never print as the same number.
        digits = next((d for d in range(1, 7) if f"{size / 1e6:.{d}f}" != f"{max_bytes / 1e6:.{d}f}"), 6)
        raise DocumentError(f"too large ({size / 1e6:.{digits}f} MB; the limit is {max_bytes / 1e6:.{digits}f} MB)")
    own_title, running = "", []
    try:
        if suffix == ".pdf":
            (text, own_title, running), kind = _read_pdf(path), "pdf"
        elif suffix == ".docx":
            text, kind = _read_docx(path), "docx"
        elif suffix in {".html", ".htm"}:
            text, kind = _read_html(path), "html"
        else:
            text, kind = _read_text(path), "markdown" if suffix in {".md", ".markdown"} else "text"
            # Hard-wrapped lines are layout; plain text marks headings only by standing alone.
            text = mark_underlined_headings(aligned_tables(text), markdown=kind == "markdown")
            text = unwrap(text if kind == "markdown" else mark_plain_headings(text))
    except OSError as exc:
        raise DocumentError(f"cannot read file ({exc.strerror or exc})") from exc
    if not text.strip():
        raise DocumentError("no readable text found")
    # A small compressed file (DOCX is a zip) or deeply nested markup can unfold into far more text than
    # its size suggests: the size limit holds for the text read out of it too.
    if len(text) > max_bytes:
        raise DocumentError(f"its text is too large ({len(text) / 1e6:.1f} million characters; "
                            f"the limit is {max_bytes / 1e6:.1f} million)")
    fallback = own_title or path.stem.replace("_", " ").replace("-", " ")
    title = _title_from(text, fallback)
    # A running header that says more than the title (who issued the document) joins it, so that every
    # passage of the document is found by it ("Nordwave's proposal") and says where it is from.
    header = next((line for line in running if not set(tokenize(line)) <= set(tokenize(title))), "")
    if header and len(header) <= _MAX_HEADER_CHARS:
        title = f"{title} ({header})"
    return LoadedDocument(title=title, text=text, kind=kind, paginated=kind == "pdf")
