"""Compare sentence splitting as written (unwrap + pysbd) with the old line-and-punctuation regex.

Run: .venv/bin/python bench/sentences.py
Over every document of the knowledge base and evals/corpora, prints per splitter how many sentences
it yields and the share that are fragments: pieces of running text that do not end a sentence
(no closing punctuation) although they are not a list item, table row or heading. A line break
inside a paragraph makes such fragments ("A Service Level Agreement (SLA) between a customer and a service").
"""

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.knowledge.loaders import SUPPORTED_SUFFIXES, load_document  # noqa: E402
from assistant.sentences import split_sentences  # noqa: E402

_OLD_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"“(\[]?[A-Z0-9*])|\n+")
_ENDS = re.compile(r"[.!?:;)\"”’]$")
_STRUCTURE = re.compile(r"^\s*(#|\||[-*•]\s|\d{1,3}[.)]\s|[A-Z0-9 ,&/()'-]{3,80}$)")


def old_split(text: str) -> list[str]:
    """The regex splitter this project used before: every line break and every '. X' ends a sentence."""
    return [p.strip() for p in _OLD_SPLIT.split(text) if p and p.strip() and not p.strip().startswith("#")]


def raw_text(path: Path) -> str:
    """Return a document's text as read before unwrapping (what the old splitter saw)."""
    if path.suffix.lower() in {".md", ".txt", ".markdown"}:
        return path.read_text(encoding="utf-8", errors="replace")
    from pypdf import PdfReader

    if path.suffix.lower() == ".pdf":
        return "\n\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return load_document(path, 50_000_000).text


def fragments(sentences: list[str]) -> int:
    """Count pieces of running text that stop mid-sentence."""
    return sum(1 for s in sentences if len(s) > 20 and not _ENDS.search(s) and not _STRUCTURE.match(s) and " | " not in s)


def main() -> None:
    """Print sentence counts, fragment shares and time for both splitters."""
    files = sorted(p for root in (ROOT / "knowledge", ROOT / "evals" / "corpora") for p in root.rglob("*")
                   if p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != "README.md" and "build" not in p.parts)
    rows = {"regex (before)": [0, 0, 0.0], "unwrap + pysbd (now)": [0, 0, 0.0]}
    for path in files:
        raw = raw_text(path)
        start = time.perf_counter()
        old = old_split(raw)
        rows["regex (before)"][2] += time.perf_counter() - start
        start = time.perf_counter()
        new = split_sentences(load_document(path, 50_000_000).text)
        rows["unwrap + pysbd (now)"][2] += time.perf_counter() - start
        for name, sentences in (("regex (before)", old), ("unwrap + pysbd (now)", new)):
            rows[name][0] += len(sentences)
            rows[name][1] += fragments(sentences)
    print(f"{len(files)} documents")
    print(f"{'splitter':<22} {'sentences':>9} {'fragments':>9} {'share':>7} {'seconds':>8}")
    for name, (count, broken, seconds) in rows.items():
        print(f"{name:<22} {count:>9} {broken:>9} {broken / max(count, 1):>7.1%} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
