"""Write answer feedback as CSV (for a spreadsheet) or JSONL (for scripts)."""

import csv
import json
from datetime import datetime, timezone
from typing import TextIO

CSV_COLUMNS = ["id", "created", "user", "rating", "comment", "question", "answer", "sources"]


def iso(timestamp: float) -> str:
    """Return a UTC ISO-8601 time."""
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def cited(sources: list[dict]) -> str:
    """Return the cited sources on one line: `[1] source › section; [2] ...`."""
    return "; ".join(
        f"[{n}] {s.get('source', '')}" + (f" › {s['section']}" if s.get("section") else "")
        for n, s in enumerate(sources, 1)
    )


def write_csv(rows: list[dict], stream: TextIO) -> None:
    """Write one line per feedback entry, sources summarised."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row | {"created": iso(row["created"]), "sources": cited(row["sources"])})


def write_jsonl(rows: list[dict], stream: TextIO) -> None:
    """Write one JSON object per feedback entry, with the full cited passages."""
    for row in rows:
        record = row | {"created": iso(row["created"]), "updated": iso(row["updated"])}
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
