"""Answer questions about the knowledge base itself ("what documents do you have?") with its documents."""

import re

from assistant.knowledge.retrieval import Hit, Retriever

MAX_LISTED = 20
MAX_VENDORS_NAMED = 6
# About the assistant's own documents: "you" or "the knowledge base" is the subject. "What documents do
# we need for the contract?" is a question about the contract, not about this list.
_ABOUT_KNOWLEDGE = re.compile(
    r"\b(what|which)\s+(kinds?\s+of\s+)?(documents?|docs|files?|sources?|material|topics?|subjects?)\s+(do|can|did)\s+you\s+"
    r"(have|hold|know|search|use|cover|contain|read)\b"
    r"|\bwhat('s|\s+is|\s+are)\s+in\s+(the|your|our|this)\s+knowledge[\s-]*base\b"
    r"|\b(what|which)\s+(documents?|docs|files?|sources?|topics?)\s+(are|is)\s+(in|on)\s+(the|your|our|this)\s+knowledge[\s-]*base\b"
    r"|\bwhat\s+(do|can)\s+you\s+(know|cover)(\s+about)?\s*[?.!]*\s*$"
    r"|^\s*(please\s+)?(list|show)\s+(me\s+)?(the|your|all|all\s+the)?\s*(documents|docs|files|sources)\s*[?.!]*\s*$",
    re.IGNORECASE,
)


def asks_about_knowledge(question: str) -> bool:
    """Return whether a question asks what the knowledge base holds."""
    return bool(_ABOUT_KNOWLEDGE.search(question))


def documents(retriever: Retriever) -> list[Hit]:
    """Return the first passage of each document, vendor profiles apart, in title order."""
    retriever.refresh()
    first: dict[str, int] = {}
    for position, meta in enumerate(retriever.metadatas):
        if meta.get("kind") == "vendor":
            continue
        known = first.get(meta["source"])
        if known is None or meta.get("order", 0) < retriever.metadatas[known].get("order", 0):
            first[meta["source"]] = position
    ordered = sorted(first.values(), key=lambda p: retriever.metadatas[p].get("title", "").lower())
    return [retriever.hit_at(p, 1.0) for p in ordered]


def knowledge_overview(question: str, retriever: Retriever, vendor_names: dict[str, str]) -> tuple[str, list[Hit]] | None:
    """Return a cited list of the documents the knowledge base holds, or None for another question."""
    if not asks_about_knowledge(question):
        return None
    docs, vendors = documents(retriever), sorted(vendor_names.values())
    if not docs and not vendors:
        return None
    shown = docs[:MAX_LISTED]
    lines = [f"The knowledge base holds {len(docs)} document{'s' if len(docs) != 1 else ''}:"] if docs else []
    lines += [f"- {hit.title or hit.source} [{n}]" for n, hit in enumerate(shown, start=1)]
    if len(docs) > len(shown):
        lines.append(f"- and {len(docs) - len(shown)} more (the Knowledge tab lists them all)")
    if vendors:
        named = ", ".join(vendors[:MAX_VENDORS_NAMED]) + (" and others" if len(vendors) > MAX_VENDORS_NAMED else "")
        lines.append(f"It also holds {len(vendors)} vendor profiles ({named}): ask which vendors offer a service, "
                     "or compare two by name.")
    return "\n".join(lines), shown
