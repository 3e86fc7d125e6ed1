"""Split Markdown-like text into section chunks with a size bound and stable ids."""

import hashlib
import json
import re
from dataclasses import dataclass, field

from assistant.knowledge.layout import PAGE_LINE
from assistant.sentences import readable_tables, segment

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage and the metadata that cites it."""

    id: str
    text: str
    source: str
    title: str
    section: str
    metadata: dict = field(default_factory=dict)

    def embedding_text(self) -> str:
        """Return the text to embed: headings give a short passage its topic, and table rows are read as sentences."""
        heading = self.title if self.section == "Introduction" else f"{self.title} > {self.section}"
        return f"{heading}\n{readable_tables(self.text)}"

    def store_metadata(self) -> dict:
        """Return the flat metadata kept next to the chunk in the store."""
        return {"source": self.source, "title": self.title, "section": self.section, **self.metadata}


def chunk_id(source: str, section: str, text: str, metadata: dict | None = None) -> str:
    """Derive a stable id from a chunk's source, section, content and metadata."""
    extra = json.dumps(metadata or {}, sort_keys=True, default=str)
    digest = hashlib.sha256(f"{source}\x00{section}\x00{text}\x00{extra}".encode("utf-8")).hexdigest()
    return digest[:32]


def _sections(text: str) -> list[tuple[list[str], str, int | None]]:
    """Yield (heading path, body, page) triples; a body excludes nested headings and ends at a page break."""
    path: list[tuple[int, str]] = []
    body: list[str] = []
    out: list[tuple[list[str], str, int | None]] = []
    in_fence = False
    page: int | None = None

    def flush():
        content = "\n".join(body).strip()
        if content:
            out.append(([title for _, title in path], content, page))
        body.clear()

    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
        mark = None if in_fence else PAGE_LINE.match(line)
        if mark:
            # A section goes on across a page break, but each chunk is cited at one page.
            flush()
            page = int(mark.group(1))
            continue
        match = None if in_fence else _HEADING.match(line)
        if match:
            flush()
            level = len(match.group(1))
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, match.group(2).strip()))
        else:
            body.append(line)
    flush()
    return out


def _units(text: str, limit: int) -> list[tuple[str, str]]:
    """Return the pieces of text to pack, each with the glue that joins it to the piece before.

    A paragraph too long for one chunk is cut at its lines (list items, table rows), then at its
    sentences, then at words; its pieces keep the line break or space that joined them, so a list
    item's later sentences stay on its line and a paragraph stays one paragraph.
    """
    units: list[tuple[str, str]] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph) <= limit:
            units.append((paragraph, "\n\n"))
            continue
        glue = "\n\n"
        for line in paragraph.split("\n"):
            line = line.rstrip()
            if not line.strip():
                continue
            pieces = [line] if len(line) <= limit else segment(line)
            for sentence in pieces:
                while len(sentence) > limit:
                    cut = sentence.rfind(" ", 0, limit)
                    cut = cut if cut > limit // 2 else limit
                    units.append((sentence[:cut].strip(), glue))
                    sentence, glue = sentence[cut:].strip(), " "
                if sentence:
                    units.append((sentence, glue))
                glue = " "
            glue = "\n"
    return units


def _split_long(text: str, limit: int) -> list[str]:
    """Pack paragraphs (then lines, sentences and words) into pieces no longer than limit."""
    pieces: list[str] = []
    current = ""
    for unit, glue in _units(text, limit):
        candidate = f"{current}{glue}{unit}" if current else unit
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                pieces.append(current)
            current = unit
    if current:
        pieces.append(current)
    return pieces


def chunk_document(text: str, source: str, title: str, limit: int, metadata: dict | None = None) -> list[Chunk]:
    """Chunk a document by section, each chunk at most `limit` characters of body text."""
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for headings, body, page in _sections(text):
        # The document title is its own field; the section is the path below it.
        if headings and headings[0] == title:
            headings = headings[1:]
        section = " > ".join(headings) if headings else "Introduction"
        where = {**(metadata or {}), **({"page": page} if page is not None else {})}
        for piece in _split_long(body, limit):
            identifier = chunk_id(source, section, piece, where)
            if identifier in seen:
                continue
            seen.add(identifier)
            # The position keeps document order, which outlines ("what are the steps?") need.
            chunks.append(Chunk(identifier, piece, source, title, section, {**where, "order": len(chunks)}))
    return chunks
