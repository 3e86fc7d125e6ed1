"""Print how faithfully each loader reads back documents whose text is known: before issue 10 and now.

The documents come from tests/document_corpus.py (a three-page PDF with a paragraph across a page
break, a running footer, a table and two columns; a DOCX with a table between paragraphs; an HTML page
with text in divs, paragraphs in cells and nested lists). Accuracy is character-level similarity of
the plain lines (1.0 = read back exactly); "intact" is the share of the generated lines found whole.

Run:  .venv/bin/python bench/loaders.py
"""

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from document_corpus import BUILDERS, accuracy, plain_lines  # noqa: E402

from assistant.knowledge.layout import unwrap  # noqa: E402
from assistant.knowledge.loaders import load_document  # noqa: E402


def before_pdf(path: Path) -> str:
    """Read a PDF as the loader did before: pypdf's text stream, unwrapped, a heading per page."""
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    return "\n\n".join(f"## Page {n}\n\n{unwrap(t.strip())}" for n, t in enumerate(pages, 1) if t.strip())


def before_docx(path: Path) -> str:
    """Read a DOCX as before: paragraphs first, every table appended at the end."""
    from docx import Document

    document = Document(str(path))
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name or "").lower()
        if not text:
            continue
        heading = re.match(r"heading (\d)", style)
        lines.append(f"# {text}" if style == "title" else "#" * (int(heading.group(1)) + 1) + " " + text
                     if heading else f"- {text}" if "list" in style else text)
    for table in document.tables:
        lines.extend(" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows)
    return "\n\n".join(lines)


def before_html(path: Path) -> str:
    """Read HTML as before: the text of every p, li, td and heading element, nested ones included."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "aside", "form", "noscript", "iframe"]):
        tag.decompose()
    lines = [f"# {soup.title.get_text(strip=True)}"] if soup.title else []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre", "blockquote"]):
        text = " ".join(element.get_text(" ", strip=True).split())
        if text:
            lines.append("#" * int(element.name[1]) + " " + text if element.name[0] == "h"
                         else f"- {text}" if element.name == "li" else text)
    return "\n\n".join(lines)


BEFORE = {"pdf": before_pdf, "docx": before_docx, "html": before_html}


def intact(expected: str, extracted: str) -> float:
    """Return the share of generated lines that come back whole, as one line."""
    wanted = plain_lines(expected).splitlines()
    got = set(plain_lines(extracted).splitlines())
    return sum(line in got for line in wanted) / len(wanted)


def main() -> None:
    print(f"{'format':<6} {'loader':<28} {'accuracy':>9} {'intact':>7} {'ms':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for kind, build in BUILDERS.items():
            path = Path(folder) / f"agreement.{kind}"
            expected = build(path)
            for name, read in ((f"before ({'pypdf' if kind == 'pdf' else 'own rules'})", BEFORE[kind]),
                               ("now", lambda p: load_document(p, 50_000_000).text)):
                started = time.perf_counter()
                text = read(path)
                elapsed = (time.perf_counter() - started) * 1000
                print(f"{kind:<6} {name:<28} {accuracy(expected, text):>9.3f} {intact(expected, text):>7.2f} {elapsed:>7.1f}")


if __name__ == "__main__":
    main()
