#!/usr/bin/env python3
"""Check that every expected_sources string in cases.jsonl occurs in a document
and that each must_include group has an alternative in that document's text.

Run with /work/main/.venv/bin/python (needs python-docx; pypdf for the PDF).
Usage: check_sources.py [--dump]   (--dump prints the extracted text)
"""
import html, json, re, sys, warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "documents"


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def extract(path):
    """Return (full_text, units): units are the lines/paragraphs/cells a source
    must fit inside (a source may not span two of them)."""
    suf = path.suffix.lower()
    if suf in (".md", ".txt"):
        text = path.read_text(encoding="utf-8")
        return text, text.splitlines()
    if suf == ".docx":
        import docx
        d = docx.Document(str(path))
        units = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                for c in row.cells:
                    units.append(c.text)
        return "\n".join(units), units
    if suf == ".pdf":
        try:
            import pypdf
        except ImportError:
            warnings.warn(f"pypdf not importable: skipping {path.name}")
            return None, None
        r = pypdf.PdfReader(str(path))
        text = "\n".join(pg.extract_text() or "" for pg in r.pages)
        return text, text.splitlines()
    if suf in (".html", ".htm"):
        raw = path.read_text(encoding="utf-8")
        raw = re.sub(r"(?is)<(script|style|title).*?</\1>", " ", raw)
        raw = re.sub(r"(?i)</?(p|li|h\d|tr|td|th|br|div|ul|table)[^>]*>", "\n", raw)
        text = html.unescape(re.sub(r"<[^>]+>", " ", raw))
        return text, [u for u in text.splitlines() if u.strip()]
    return None, None


def main():
    docs = {}
    for p in sorted(DOCS.iterdir()):
        text, units = extract(p)
        if text is None:
            continue
        docs[p.name] = (norm(text), [norm(u) for u in units])
        if "--dump" in sys.argv:
            print(f"===== {p.name} ({len(text.split())} words)\n{text}\n")
    failures = 0
    skipped_pdf = not any(n.endswith(".pdf") for n in docs)
    cases = [json.loads(l) for l in (HERE / "cases.jsonl").read_text().splitlines() if l.strip()]
    ids = set()
    for c in cases:
        cid = c["id"]
        if cid in ids:
            print(f"FAIL {cid}: duplicate id"); failures += 1
        ids.add(cid)
        for k in ("id", "category", "question", "expected_sources", "must_include", "expect", "split"):
            if k not in c:
                print(f"FAIL {cid}: missing key {k}"); failures += 1
        if c["expect"] == "refuse" or c.get("category") == "smalltalk":
            if c["expected_sources"] or c["must_include"]:
                print(f"FAIL {cid}: refuse/smalltalk case must have empty sources"); failures += 1
            continue
        if not c["expected_sources"]:
            print(f"FAIL {cid}: no expected_sources"); failures += 1
        for src in c["expected_sources"]:
            ns = norm(src)
            hits = [n for n, (t, _) in docs.items() if ns in t]
            if not hits:
                if skipped_pdf:
                    print(f"WARN {cid}: not found (PDF skipped?): {src!r}")
                else:
                    print(f"FAIL {cid}: source not found: {src!r}"); failures += 1
                continue
            in_unit = [n for n in hits if any(ns in u for u in docs[n][1])]
            if not in_unit:
                print(f"FAIL {cid}: source spans a line/paragraph break: {src!r} in {hits}")
                failures += 1
            for grp in c["must_include"]:
                if not any(norm(a) in docs[n][0] for n in hits for a in grp):
                    print(f"FAIL {cid}: must_include group {grp} not in {hits}"); failures += 1
    from collections import Counter
    print("cases:", len(cases), dict(Counter((c["split"], c["expect"]) for c in cases)))
    print("categories:", dict(Counter(c["category"] for c in cases)))
    print("FAILURES:", failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
