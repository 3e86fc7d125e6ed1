"""Read supported document formats into Markdown-like text with headings."""

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge.layout import mark_plain_headings, unwrap

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm"}


class DocumentError(ValueError):
    """A document that cannot be ingested, with a reason a user can act on."""


@dataclass(frozen=True)
class LoadedDocument:
    """Text of one document plus its title, ready for chunking."""

    title: str
    text: str
    kind: str


def _title_from(text: str, fallback: str) -> str:
    match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else fallback


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise DocumentError("looks like a binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError("text encoding not recognised (save it as UTF-8)")


def _read_pdf(path: Path) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs every repair it attempts on a damaged file; the reason below is the one line users need.
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise DocumentError("the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"not a readable PDF ({exc})") from exc
    finally:
        pypdf_logger.setLevel(level)
    # Page headings keep a citation pointing at the page a reader can open.
    return "\n\n".join(f"## Page {n}\n\n{unwrap(text.strip())}" for n, text in enumerate(pages, 1) if text.strip())


def _read_docx(path: Path) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise DocumentError(f"not a readable DOCX file ({exc})") from exc
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        level = re.match(r"heading (\d)", style)
        if style == "title":
            lines.append(f"# {text}")
        elif level:
            lines.append("#" * min(int(level.group(1)) + 1, 6) + " " + text)
        elif "list" in style:
            lines.append(f"- {text}")
        else:
            lines.append(text)
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(lines)


def _read_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_text(path), "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "aside", "form", "noscript", "iframe"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    lines = [f"# {title}"] if title else []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre", "blockquote"]):
        text = " ".join(element.get_text(" ", strip=True).split())
        if not text:
            continue
        if element.name[0] == "h":
            lines.append("#" * int(element.name[1]) + " " + text)
        elif element.name == "li":
            lines.append(f"- {text}")
        else:
            lines.append(text)
    return "\n\n".join(lines)


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
    try:
        if suffix == ".pdf":
            text, kind = _read_pdf(path), "pdf"
        elif suffix == ".docx":
            text, kind = _read_docx(path), "docx"
        elif suffix in {".html", ".htm"}:
            text, kind = _read_html(path), "html"
        else:
            text, kind = _read_text(path), "markdown" if suffix in {".md", ".markdown"} else "text"
            # Hard-wrapped lines are layout; plain text marks headings only by standing alone.
            text = unwrap(text if kind == "markdown" else mark_plain_headings(text))
    except OSError as exc:
        raise DocumentError(f"cannot read file ({exc.strerror or exc})") from exc
    if not text.strip():
        raise DocumentError("no readable text found (a scanned PDF needs OCR first)")
    return LoadedDocument(title=_title_from(text, path.stem.replace("_", " ").replace("-", " ")), text=text, kind=kind)
