"""Checks that every expected_sources phrase occurs verbatim (whitespace
collapsed, case-insensitive) in at least one document, and basic schema."""
import json, pathlib, re, sys
here = pathlib.Path(__file__).parent
def norm(s): return re.sub(r"\s+", " ", s).strip().lower()
docs = {p.name: norm(p.read_text(encoding="utf-8")) for p in sorted((here / "documents").iterdir()) if p.is_file()}
bad = 0; ids = set()
for n, line in enumerate((here / "cases.jsonl").read_text(encoding="utf-8").splitlines(), 1):
    c = json.loads(line)
    assert c["id"] not in ids, c["id"]; ids.add(c["id"])
    assert c["split"] in ("dev", "test") and c["expect"] in ("answer", "refuse"), c["id"]
    if c["expect"] == "answer":
        assert 1 <= len(c["expected_sources"]) <= 2 and 1 <= len(c["must_include"]) <= 3, c["id"]
    for ph in c["expected_sources"]:
        wc = len(ph.split())
        hits = [d for d, t in docs.items() if norm(ph) in t]
        if not hits or not (3 <= wc <= 8):
            bad += 1; print("FAIL", c["id"], repr(ph), "words=%d" % wc, "hits=%s" % hits)
print("cases:", len(ids), "failures:", bad)
sys.exit(1 if bad else 0)
