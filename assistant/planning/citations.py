"""Guide citations for interview questions: the section named in interview.yaml and its opening sentence."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class GuideCitation:
    """A guide section a question refers to; `excerpt` is its first sentence when the guide is available."""

    section: str
    document: str | None = None
    source: str | None = None
    excerpt: str | None = None

    def text(self) -> str:
        """Return the citation as one line for the terminal or a chat message."""
        where = f"{self.document}, “{self.section}”" if self.document else f"guide section “{self.section}”"
        return f"{where}: “{self.excerpt}”" if self.excerpt else where


@lru_cache(maxsize=16)
def _sections(path: Path, mtime: float) -> tuple[str | None, dict[str, str]]:
    # mtime is part of the cache key so an edited guide is read again.
    title, sections, current, lines = None, {}, None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            if current is not None:
                sections.setdefault(current, "\n".join(lines).strip())
            if len(heading.group(1)) == 1 and title is None:
                title = heading.group(2)
            current, lines = heading.group(2), []
        elif current is not None:
            lines.append(line)
    if current is not None:
        sections.setdefault(current, "\n".join(lines).strip())
    return title, sections


def _first_sentence(body: str) -> str | None:
    paragraph = next((p.strip() for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(">")), "")
    if not paragraph:
        return None
    return _SENTENCE_END.split(" ".join(paragraph.split()), maxsplit=1)[0]


def guide_headings(knowledge_dir: Path) -> set[str]:
    """Return every heading of the guide documents under knowledge_dir/guide."""
    headings: set[str] = set()
    for path in sorted((knowledge_dir / "guide").glob("*.md")):
        headings.update(_sections(path, path.stat().st_mtime)[1])
    return headings


def guide_citation(knowledge_dir: Path, section: str) -> GuideCitation:
    """Return the citation of a guide section, with its first sentence if the guide has that heading."""
    for path in sorted((knowledge_dir / "guide").glob("*.md")):
        title, sections = _sections(path, path.stat().st_mtime)
        if section in sections:
            source = f"{knowledge_dir.name}/guide/{path.name}"
            return GuideCitation(section, title, source, _first_sentence(sections[section]))
    return GuideCitation(section)
