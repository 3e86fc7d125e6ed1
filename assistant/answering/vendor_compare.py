"""Compare vendors a question names side by side, from their profiles' fields."""

import re

from assistant.answering.vendor_query import named_vendors
from assistant.knowledge.retrieval import Hit, Retriever
from assistant.vendor_table import COMPARISON_ROWS, load_catalog

_COMPARE = re.compile(r"\b(compar\w*|versus|vs\.?|differ\w*|better|best|prefer|choose|pick|or)\b", re.IGNORECASE)
# The rows a chat reader can take in at a glance; the Vendors tab shows every field.
CHAT_ROWS = ("Services", "Specialties", "Delivery model", "Locations", "Languages", "Team size", "Certifications",
             "Rates per hour", "Support hours", "SLA targets", "Data residency", "Strengths", "Known weaknesses or risks")
MAX_COMPARED = 4


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "/") or "—"


def answer_vendor_comparison(question: str, retriever: Retriever, names: dict[str, str]) -> tuple[str, list[Hit]] | None:
    """Return a Markdown table of every vendor the question names, when it asks to compare two or more."""
    named = named_vendors(question, names)
    if len(named) < 2 or not _COMPARE.search(question):
        return None
    profiles = {v.id: v for v in load_catalog(retriever.settings.knowledge_dir / "vendors").vendors}
    named = [v for v in named if v in profiles][:MAX_COMPARED]
    if len(named) < 2:
        return None
    sources: list[Hit] = []
    for vendor_id in named:
        positions = [p for p, m in enumerate(retriever.metadatas) if m.get("vendor_id") == vendor_id]
        first = min(positions, key=lambda p: retriever.metadatas[p].get("order", 0))
        sources.append(retriever.hit_at(first, 1.0))
    vendors = [profiles[v] for v in named]
    header = "| | " + " | ".join(f"{v.name} [{n}]" for n, v in enumerate(vendors, 1)) + " |"
    lines = [f"Side by side, from their vendor profiles ({len(vendors)} vendors):", "", header,
             "|---" * (len(vendors) + 1) + "|"]
    for label, describe in COMPARISON_ROWS:
        if label in CHAT_ROWS:
            lines.append(f"| **{label}** | " + " | ".join(_cell(describe(v)) for v in vendors) + " |")
    return "\n".join(lines), sources
