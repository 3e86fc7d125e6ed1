"""Check that every expected_sources phrase of cases.jsonl occurs in the documents.

A phrase must occur (case-insensitive, whitespace collapsed) in the text of some
document: md/txt files as written and with newlines joined as spaces, the PDF as
extracted by pypdf, the DOCX as paragraphs and table cells read by python-docx.
It also warns when a phrase only occurs across a line break (md/txt lines, PDF
extracted lines, DOCX paragraphs/cells), which chunkers may split, and when no
alternative of a must_include group occurs in the documents at all.

Run:  python check_sources.py     (needs pypdf and python-docx); exit 1 on a missing phrase.
"""

import json
import re
import sys
from pathlib import Path

import docx
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
DOCS = HERE / "documents"


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def load() -> dict[str, tuple[str, list[str]]]:
    """name -> (whole text, list of units: lines / paragraphs / cells)"""
    out = {}
    for p in sorted(DOCS.iterdir()):
        if p.suffix in (".md", ".txt"):
            raw = p.read_text(encoding="utf-8")
            out[p.name] = (raw, raw.split("\n"))
        elif p.suffix == ".pdf":
            text = "\n".join(page.extract_text() for page in PdfReader(str(p)).pages)
            out[p.name] = (text, text.split("\n"))
        elif p.suffix == ".docx":
            d = docx.Document(str(p))
            units = [para.text for para in d.paragraphs]
            for t in d.tables:
                for row in t.rows:
                    units.extend(cell.text for cell in row.cells)
            out[p.name] = ("\n".join(units), units)
    return out


def main() -> int:
    docs = load()
    whole = {n: norm(t) for n, (t, _) in docs.items()}
    units = {n: [norm(u) for u in us] for n, (_, us) in docs.items()}
    missing = 0
    for line in (HERE / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        found_in = set()
        for phrase in case.get("expected_sources", []):
            ph = norm(phrase)
            hits = [n for n, t in whole.items() if ph in t]
            if not hits:
                print(f"MISSING {case['id']}: {phrase!r}")
                missing += 1
                continue
            found_in.update(hits)
            if not any(ph in u for n in hits for u in units[n]):
                print(f"warn {case['id']}: {phrase!r} only occurs across a line break in {hits}")
        pool = [whole[n] for n in (found_in or whole)]
        for group in case.get("must_include", []):
            group = [group] if isinstance(group, str) else group
            if not any(norm(alt) in t for alt in group for t in pool):
                print(f"warn {case['id']}: no alternative of {group} occurs in {sorted(found_in)}")
    print("ok" if not missing else f"{missing} missing phrase(s)")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
