"""Answer "what are the risks of <type> outsourcing?" (or "how do we reduce them?") from the risk notes."""

import re

from assistant.answering.text import split_sentences
from assistant.answering.vendor_query import SERVICE_TERMS
from assistant.knowledge.retrieval import Hit, Retriever

_ABOUT_RISKS = re.compile(r"\b(risks?|downsides?|dangers?|drawbacks?|pitfalls?|what\s+could\s+go\s+wrong)\b", re.IGNORECASE)
_REDUCING = re.compile(r"\breduc\w*\s+(\w+\s+){0,2}risks?\b|\brisks?\s+reduction\b", re.IGNORECASE)
# "How do we reduce them?" asks for the mitigations; "how can outsourcing reduce risk?" asks for a benefit.
_MITIGATE_VERBS = r"(reduce|mitigate|lower|limit|manage|avoid|prevent|minimi[sz]e|handle|address|deal\s+with)"
_MITIGATING = re.compile(rf"\bhow\s+(do|can|could|should|would|might)\s+(we|i|you|one|a\s+company)\s+(\w+\s+){{0,2}}"
                         rf"{_MITIGATE_VERBS}\b|\bhow\s+to\s+{_MITIGATE_VERBS}\b"
                         r"|\bwhat\s+(can|could|should)\s+(we|i|you)\s+do\s+(about|against)\b", re.IGNORECASE)
_APPLIES = re.compile(r"^Applies to:\s*(.+)$", re.MULTILINE | re.IGNORECASE)
_MITIGATION = re.compile(r"^Mitigation:\s*(.+)$", re.MULTILINE | re.IGNORECASE)
# How the notes' "Applies to" line names each type.
_TYPE_WORDS = {
    "cloud": "cloud", "cybersecurity": "cybersecurity", "infrastructure": "it infrastructure",
    "it_support": "it support", "software_development": "software development",
}
_LABELS = {"cloud": "cloud", "cybersecurity": "cybersecurity", "infrastructure": "IT infrastructure",
           "it_support": "IT support", "software_development": "software development"}


def _first_sentence(text: str) -> str:
    for sentence in split_sentences(_MITIGATION.sub("", _APPLIES.sub("", text))):
        if not re.match(r"^(category|source)\s*:", sentence, re.IGNORECASE) and len(sentence) > 25:
            return sentence
    return ""


def risk_answer(question: str, hits: list[Hit], retriever: Retriever) -> tuple[str, list[Hit]] | None:
    """Return the type-specific risks and their mitigations with citations, or None if not a risk question."""
    # "Risk reduction" is one of the guide's benefits, not a request for the risk list.
    mitigating = bool(_MITIGATING.search(question))
    if not _ABOUT_RISKS.search(question) or (_REDUCING.search(question) and not mitigating):
        return None
    types = [t for t, pattern in SERVICE_TERMS.items() if re.search(pattern, question.lower())]
    if len(types) > 1:
        return None
    wanted = _TYPE_WORDS[types[0]] if types else "all"
    specific = []
    for position, meta in enumerate(retriever.metadatas):
        applies = _APPLIES.search(retriever.texts[position])
        if meta.get("kind") == "practice" and applies and wanted in [w.strip() for w in applies.group(1).lower().split(",")]:
            specific.append(position)
    if not specific:
        return None
    specific.sort(key=lambda p: (retriever.metadatas[p].get("source", ""), retriever.metadatas[p].get("order", 0)))
    general = next((h for h in hits if h.metadata.get("kind") == "guide" and "risk" in h.section.lower()
                    and "reduction" not in h.section.lower()), None)
    sources: list[Hit] = [general] if general else []
    lines = []
    if general:
        lines.append(f"{split_sentences(general.text)[0]} [1]")
    scope = f"specific to {_LABELS[types[0]]} outsourcing" if types else "that apply to any IT outsourcing"
    lines.append(f"To reduce the risks {scope}:" if mitigating else f"Risks {scope}, with a mitigation for each:")
    for position in specific:
        hit = retriever.hit_at(position, 0.0)
        mitigation = _MITIGATION.search(hit.text)
        if mitigating and not mitigation:
            continue
        sources.append(hit)
        number = len(sources)
        name = hit.section.split(' > ')[-1]
        if mitigating:
            lines.append(f"- **{name}:** {mitigation.group(1).strip()} [{number}]")
            continue
        line = f"- **{name}:** {_first_sentence(hit.text)} [{number}]"
        if mitigation:
            line += f" *Mitigation:* {mitigation.group(1).strip()} [{number}]"
        lines.append(line)
    return "\n".join(lines), sources
