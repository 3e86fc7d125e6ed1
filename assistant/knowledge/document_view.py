"""Show the document a cited passage comes from: a PDF page with the passage highlighted, or the text.

Only what the store holds is shown: a document is found through a chunk id the manifest vouches for,
its text comes from the stored (redacted) chunks, and a PDF page image has every credential found on
it blacked out. Nothing here reads a path a user names.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge.secrets import find_secrets
from assistant.knowledge.store import Store
from assistant.sentences import split_sentences

_RENDER_SCALE = 1.6
_HIGHLIGHT = (255, 214, 0, 90)
_MIN_MATCH_CHARS = 12


class DocumentNotFound(LookupError):
    """The requested passage is not in the knowledge base (removed, or never there)."""


@dataclass
class DocumentView:
    """What the viewer shows for one cited passage."""

    title: str
    source: str
    section: str
    page: int | None  # the cited page of a PDF
    pages: int  # how many pages the PDF has (0 for other documents)
    passage_id: str
    passages: list[dict]  # every stored passage of the document, in order: id, section, text, page
    image: object | None = None  # the cited PDF page (a PIL image) with the passage highlighted


def _normalised(text: str) -> tuple[str, list[int]]:
    """Return text with runs of whitespace as one space, and each kept character's original index."""
    out, where, space = [], [], False
    for index, char in enumerate(text):
        if char.isspace():
            if not space and out:
                out.append(" ")
                where.append(index)
            space = True
            continue
        out.append(char)
        where.append(index)
        space = False
    return "".join(out), where


def _ranges(page_text: str, passage: str) -> list[tuple[int, int]]:
    """Return the character ranges of page_text where the passage's sentences stand."""
    flat, where = _normalised(page_text)
    ranges = []
    for sentence in split_sentences(passage):
        sentence = " ".join(re.sub(r"\[redacted [^\]]+\]", " ", sentence).split())
        # A long sentence may be broken by a column or a table cell: its opening is enough to find it.
        for probe in (sentence, sentence[:80], sentence[:40]):
            if len(probe) < _MIN_MATCH_CHARS:
                break
            at = flat.find(probe)
            if at >= 0:
                ranges.append((where[at], where[at + len(probe) - 1] + 1))
                break
    return ranges


def _boxes(textpage, start: int, end: int) -> list[tuple[float, float, float, float]]:
    count = textpage.count_rects(start, end - start)
    return [textpage.get_rect(i) for i in range(count)]


def render_page(path: Path, number: int, passage: str):
    """Return (PIL image of page `number` with the passage highlighted and credentials blacked out, page count)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    document = pdfium.PdfDocument(str(path))
    try:
        total = len(document)
        page = document[min(max(number, 1), total) - 1]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        height = page.get_height()
        image = page.render(scale=_RENDER_SCALE).to_pil().convert("RGBA")
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)

        def pixels(box):
            left, bottom, right, top = box
            return (left * _RENDER_SCALE, (height - top) * _RENDER_SCALE - 2,
                    right * _RENDER_SCALE, (height - bottom) * _RENDER_SCALE + 2)

        for start, end in _ranges(text, passage):
            for box in _boxes(textpage, start, end):
                draw.rectangle(pixels(box), fill=_HIGHLIGHT)
        image.alpha_composite(overlay)
        solid = ImageDraw.Draw(image)
        for secret in find_secrets(text):
            for box in _boxes(textpage, secret.start, secret.end):
                solid.rectangle(pixels(box), fill=(0, 0, 0, 255))
        textpage.close()
        page.close()
    finally:
        document.close()
    return image.convert("RGB"), total


def open_view(store: Store, passage_id: str, allowed_roots: list[Path]) -> DocumentView:
    """Return the view of the document holding a stored passage; DocumentNotFound if it is not live."""
    manifest = store.load_manifest()
    if not re.fullmatch(r"[0-9a-f]{8,64}", passage_id or "") or passage_id not in manifest.live_ids:
        raise DocumentNotFound("this passage is no longer in the knowledge base")
    found = store.fetch([passage_id])
    if not found["ids"]:
        raise DocumentNotFound("this passage is no longer in the knowledge base")
    meta = found["metadatas"][0] or {}
    source = meta.get("source", "")
    entry = manifest.sources.get(source)
    if entry is None:
        raise DocumentNotFound("the document of this passage is no longer in the knowledge base")
    stored = store.fetch(entry.chunk_ids)
    passages = sorted(
        ({"id": i, "text": t, "section": (m or {}).get("section", ""), "page": (m or {}).get("page"),
          "order": (m or {}).get("order", 0)} for i, t, m in zip(stored["ids"], stored["documents"], stored["metadatas"])),
        key=lambda p: p["order"])
    page = meta.get("page")
    view = DocumentView(entry.title, source, meta.get("section", ""), page, 0, passage_id, passages)
    path = Path(entry.path) if entry.path else None
    inside = path is not None and any(path.resolve().is_relative_to(root.resolve()) for root in allowed_roots)
    if page is not None and inside and path.is_file() and path.suffix.lower() == ".pdf":
        view.image, view.pages = render_page(path, int(page), found["documents"][0])
    return view
