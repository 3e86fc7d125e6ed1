"""Compare vendors a question names side by side, from their profiles' fields."""

import re

from assistant.answering.vendor_query import named_vendors
from assistant.knowledge.retrieval import Hit, Retriever
from assistant.vendor_table import COMPARISON_ROWS, load_catalog

_COMPARE = re.compile(r"\b(compar\w*|versus|vs\.?|differ\w*|better|best|prefer|choose|pick|or)\b", re.IGNORECASE)
# The fields a chat reader can take in at a glance; the Vendors tab shows every field.
CHAT_COLUMNS = ("Services", "Delivery model", "Locations", "Languages", "Team size", "Certifications",
                "Rates per hour", "Support hours", "SLA targets", "Data residency")
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
    vendors = [profiles[v] for v in named]
    sources = [_profile_hit(retriever, v) for v in named]
    columns = [(label, describe) for label, describe in COMPARISON_ROWS if label in CHAT_COLUMNS]
    # One row per vendor, citing its whole profile: every cell of the row comes from it.
    lines = [f"Side by side, from their vendor profiles ({len(vendors)} vendors):", "",
             "| Vendor | " + " | ".join(label for label, _ in columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for number, vendor in enumerate(vendors, 1):
        lines.append(f"| **{vendor.name}** | " + " | ".join(_cell(describe(vendor)) for _, describe in columns)
                     + f" | [{number}]")
    return "\n".join(lines), sources


def _profile_hit(retriever: Retriever, vendor_id: str) -> Hit:
    """Return a vendor's whole profile as one source (its chunks in order, under the first chunk's id)."""
    positions = sorted((p for p, m in enumerate(retriever.metadatas) if m.get("vendor_id") == vendor_id),
                       key=lambda p: retriever.metadatas[p].get("order", 0))
    first = retriever.hit_at(positions[0], 1.0)
    text = "\n".join(retriever.texts[p] for p in positions)
    return Hit(first.id, text, first.source, first.title, "Profile", 1.0, first.metadata)
