"""Answer vendor filter questions ("which vendors do 24/7 security with SOC 2?") from profile metadata."""

import re

import numpy as np
from dataclasses import dataclass, field

from assistant.knowledge.retrieval import Hit, Retriever

_ABOUT_VENDORS = re.compile(
    r"\b(vendors?|providers?|suppliers?|partners?|(which|what)\s+(companies|firms|outsourcers))\b", re.IGNORECASE
)
# A filter question asks for vendors ("which...", "list...", "we need a partner..."); "can we put our data
# with a provider in the US?" asks about a rule, not for a list.
_ASKS_FOR_VENDORS = re.compile(
    # "What does a vendor have to demonstrate for CMMI Level 3?" asks about a requirement, not for vendors.
    r"\b(which|what(?:\s+\w+)?\s+(?:vendors?|providers?|suppliers?|partners?|companies|firms)|who|list|show|find|any|recommend|suggest|looking\s+for|need|want|are\s+there|do\s+you\s+have|"
    r"do\s+we\s+have|name|options?|shortlist)\b", re.IGNORECASE,
)
_WHICH_VENDORS = re.compile(
    r"\b(which|what)\b[\w\s]{0,20}\b(vendors?|providers?|suppliers?|companies|firms)\b[\w\s]{0,30}"
    r"\b(handle|do|does|offer|offers|provide|provides|cover|covers)\b", re.IGNORECASE,
)
SERVICE_TERMS = {
    "cybersecurity": r"cyber|security|\bsoc\b(?!\s*2)|\bmdr\b|threat|pen(etration)?\s*test|siem",
    "cloud": r"\bcloud\b|\baws\b|azure|hosting|backup",
    "infrastructure": r"infrastructure|network|servers?\b|data\s*cent",
    "it_support": r"help\s*desk|service\s*desk|it\s+support|end[- ]user\s+support|support\s+desk",
    "software_development": r"software|develop(ment|ers?)|\bapps?\b|website|\berp\b|\bsap\b",
}
CERTIFICATION_TERMS = {
    "SOC 2 Type II": r"\bsoc\s*2\b|\bsoc\s*ii\b",
    "ISO 27001": r"iso\s*27001",
    "ISO 27017": r"iso\s*27017",
    "ISO 9001": r"iso\s*9001",
    "ISO 20000-1": r"iso\s*20000",
    "PCI DSS": r"\bpci\b",
    "HIPAA": r"\bhipaa\b",
    "CMMI Level 3": r"\bcmmi\b",
    "CSA STAR": r"csa\s*star",
}
REGION_TERMS = {
    "Europe": r"\beurope(an)?\b|\bthe\s+eu\b|\bin\s+the\s+eu\b",
    "North America": r"north\s+america|\bthe\s+us\b|\busa\b|\bcanada\b|\bamerican\b",
    "Latin America": r"latin\s+america|\blatam\b|south\s+america",
    "Asia-Pacific": r"\basia\b|\bapac\b|asia[- ]pacific|australia",
    "Middle East": r"middle\s+east",
    "Africa": r"\bafrica(n)?\b",
}
# "Which vendors don't have any certifications?", "vendors without certifications": asks for profiles listing none.
NO_CERTIFICATIONS = re.compile(
    r"\b(?:no|without|lack\w*|missing|(?:do|does|have|has)(?:n't|\s+not)\s+(?:have|hold|got)?\s*(?:any)?)\s+"
    r"(?:formal\s+|stated\s+|official\s+)?certif\w*|\b(?:not|un)\s*certified\b", re.IGNORECASE)
# A negation in the same clause ("no SOC 2", "don't have SOC 2"); "but", "and", "or", "with" start another.
_CLAUSE_TAIL = r"(?:(?!\b(?:but|and|or|with|while|although)\b)[^,;.?])*$"
_NEGATION_BEFORE = re.compile(rf"(?:\b(?:no|without|not|lack\w*|missing)\b|n't\b){_CLAUSE_TAIL}", re.IGNORECASE)
ROUND_THE_CLOCK = re.compile(r"24\s*/\s*7|24x7|around\s+the\s+clock|round[- ]the[- ]clock|at\s+night|any\s+time", re.IGNORECASE)
DELIVERY = ("onshore", "nearshore", "offshore")
# Which rendered sentence proves which constraint.
_EVIDENCE = {
    "services": "provides these IT outsourcing services",
    "certifications": "certifications:",
    "support_24x7": "support hours:",
    "regions": "locations and time zones:",
    "languages": "works in these languages:",
    "delivery_models": "delivery model:",
}
_LABELS = {
    "cybersecurity": "cybersecurity", "cloud": "cloud", "infrastructure": "IT infrastructure",
    "it_support": "IT support", "software_development": "software development",
}


@dataclass
class VendorConstraints:
    """Hard requirements read from a question about vendors."""

    services: list[str] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    delivery_models: list[str] = field(default_factory=list)
    support_24x7: bool = False
    uncertified: bool = False
    without_certifications: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any([self.services, self.certifications, self.regions, self.languages, self.delivery_models,
                    self.support_24x7, self.uncertified, self.without_certifications])

    def describe(self) -> str:
        """Return the constraints in words."""
        parts = [_LABELS[s] for s in self.services] + self.certifications
        if self.uncertified:
            parts.append("no stated certifications")
        parts += [f"no {c}" for c in self.without_certifications]
        if self.support_24x7:
            parts.append("24/7 support")
        parts += [f"{m} delivery" for m in self.delivery_models]
        parts += [f"a location in {r}" for r in self.regions] + [f"{lang} spoken" for lang in self.languages]
        return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def parse_constraints(question: str, languages: set[str]) -> VendorConstraints | None:
    """Return the vendor constraints of a question, or None if it is not a vendor filter question."""
    if not _ABOUT_VENDORS.search(question) or not _ASKS_FOR_VENDORS.search(question):
        return None
    text = question.lower()
    uncertified = bool(NO_CERTIFICATIONS.search(question))
    named = {c: m for c, pattern in CERTIFICATION_TERMS.items() if (m := re.search(pattern, text))}
    # "Which vendors don't have SOC 2?" excludes it: a negation shortly before the name.
    without = [c for c, m in named.items() if _NEGATION_BEFORE.search(text[max(0, m.start() - 30):m.start()])]
    found = VendorConstraints(
        services=[s for s, pattern in SERVICE_TERMS.items() if re.search(pattern, text)],
        certifications=[] if uncertified else [c for c in named if c not in without],
        regions=[r for r, pattern in REGION_TERMS.items() if re.search(pattern, question, re.IGNORECASE)],
        languages=[lang for lang in sorted(languages) if re.search(rf"\b{re.escape(lang.lower())}\b", text)],
        delivery_models=[d for d in DELIVERY if d in text],
        support_24x7=bool(ROUND_THE_CLOCK.search(question)),
        uncertified=uncertified,
        without_certifications=[] if uncertified else without,
    )
    # A lone service word is too broad to list unless the question asks which vendors ("which of them could
    # handle that?"); otherwise retrieval answers it ("how do IT support vendors price their work?").
    narrow = found.certifications or found.uncertified or found.without_certifications or found.regions or found.languages or found.delivery_models or found.support_24x7
    return found if found and (narrow or _WHICH_VENDORS.search(question)) else None


def _member(value, wanted: str) -> bool:
    return isinstance(value, str) and f"|{wanted.lower()}|" in value.lower()


def _satisfies(meta: dict, need: VendorConstraints) -> bool:
    checks = [
        all(_member(meta.get("services"), s) for s in need.services),
        all(_member(meta.get("certifications"), c) for c in need.certifications),
        all(_member(meta.get("regions"), r) for r in need.regions),
        all(_member(meta.get("languages"), lang) for lang in need.languages),
    ]
    if need.delivery_models:
        checks.append(any(_member(meta.get("delivery_models"), d) for d in need.delivery_models))
    if need.support_24x7:
        checks.append(meta.get("support_24x7") is True)
    if need.uncertified:
        checks.append(str(meta.get("certifications", "")).strip("|") == "")
    checks.extend(not _member(meta.get("certifications"), c) for c in need.without_certifications)
    return all(checks)


def answer_vendor_filter(question: str, retriever: Retriever) -> tuple[str, list[Hit]] | None:
    """Return an answer listing every vendor profile meeting the question's constraints, with citations.

    The retriever must be loaded (vendor_names() does it); each question reads the manifest once.
    """
    vendor_meta = [(i, m) for i, m in enumerate(retriever.metadatas) if m.get("kind") == "vendor"]
    languages = {lang for _, m in vendor_meta for lang in str(m.get("languages", "")).strip("|").split("|") if lang}
    # A vendor's name is not a requirement: "Granite Watch Security" must not ask for cybersecurity.
    for name in {m["vendor_name"] for _, m in vendor_meta if m.get("vendor_name")}:
        question = re.sub(rf"\b{re.escape(name)}\b", " ", question, flags=re.IGNORECASE)
    need = parse_constraints(question, languages)
    if need is None:
        return None
    chunks_by_vendor: dict[str, list[int]] = {}
    for position, meta in vendor_meta:
        if _satisfies(meta, need):
            chunks_by_vendor.setdefault(meta["vendor_id"], []).append(position)
    if not chunks_by_vendor:
        return None
    wanted = [key for key, flag in (("services", need.services),
                                    ("certifications", need.certifications or need.uncertified
                                     or need.without_certifications),
                                    ("support_24x7", need.support_24x7), ("regions", need.regions),
                                    ("languages", need.languages), ("delivery_models", need.delivery_models)) if flag]
    query = retriever.embed_query(question)
    similarity = retriever.vectors @ np.asarray(query, dtype=np.float32)
    sources: list[Hit] = []
    lines = []
    for vendor_id in sorted(chunks_by_vendor, key=lambda v: retriever.metadatas[chunks_by_vendor[v][0]]["vendor_name"]):
        positions = chunks_by_vendor[vendor_id]
        name = retriever.metadatas[positions[0]]["vendor_name"]
        evidence = []
        for key in wanted:
            marker = _EVIDENCE[key].lower()
            for position in positions:
                sentence = next((s for s in retriever.texts[position].split("\n") if marker in s.lower()), None)
                if sentence:
                    hit = retriever.hit_at(position, float(similarity[position]))
                    if hit.id not in [s.id for s in sources]:
                        sources.append(hit)
                    number = [s.id for s in sources].index(hit.id) + 1
                    cited = f"{sentence.strip()} [{number}]"
                    if cited not in evidence:
                        evidence.append(cited)
                    break
        lines.append(f"- **{name}:** " + " ".join(evidence))
    count = len(lines)
    lead = (f"{count} vendor profile{'s' if count != 1 else ''} in our knowledge base "
            f"match{'es' if count == 1 else ''} {need.describe()}:")
    return lead + "\n" + "\n".join(lines), sources


_VENDOR_CUES = re.compile(
    r"\b(vendors?|providers?|suppliers?|outsourcers?|profiles?|certif\w*|iso\s*\d+|soc\s*2|pci|hipaa|"
    r"hourly|rates?|team\s+size|headcount|offices?|time\s*zones?|languages?|onshore|nearshore|offshore)\b"
    # "Who could help us ...?" asks for someone to hire.
    r"|^\s*who\s+(can|could|would|might|should|will)\b",
    re.IGNORECASE,
)


def vendor_names(retriever: Retriever) -> dict[str, str]:
    """Return vendor id -> display name for every vendor profile in the knowledge base."""
    retriever.refresh()
    return {m["vendor_id"]: m["vendor_name"] for m in retriever.metadatas if m.get("vendor_id") and m.get("vendor_name")}


def named_vendors(text: str, names: dict[str, str]) -> list[str]:
    """Return ids of vendors the text names, by full name or by its distinctive first word."""
    found = {}
    for vendor_id, name in names.items():
        first = name.split()[0]
        match = re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) or (
            len(first) >= 4 and re.search(rf"\b{re.escape(first)}\b", text, re.IGNORECASE))
        if match:
            found[vendor_id] = match.start()
    # In the order the text names them: a comparison's columns follow the question.
    return sorted(found, key=found.get)


# How much vendor profiles count in retrieval: in full when the question names a vendor or asks for
# some; less when it only mentions "a provider" ("can we put payroll data with a provider in the US?"
# asks about a company rule); little when it is about something else.
VENDOR_WEIGHT_ASKED, VENDOR_WEIGHT_MENTIONED, VENDOR_WEIGHT_UNRELATED = 1.0, 0.6, 0.25


def vendor_weight(question: str, names: dict[str, str]) -> float:
    """Return the weight of vendor profiles in retrieval for this question."""
    if named_vendors(question, names):
        return VENDOR_WEIGHT_ASKED
    if not _VENDOR_CUES.search(question):
        return VENDOR_WEIGHT_UNRELATED
    return VENDOR_WEIGHT_ASKED if _ASKS_FOR_VENDORS.search(question) else VENDOR_WEIGHT_MENTIONED


# (pattern, metadata field, True for the largest value, words for the answer, rendered sentence marker)
_SUPERLATIVES = [
    (re.compile(r"\b(largest|biggest)\s+(team|company|vendor|provider|firm)|\bmost\s+(people|staff|engineers)\b", re.I),
     "team_size", True, "the largest team", "delivery model:"),
    (re.compile(r"\bsmallest\s+(team|company|vendor|provider|firm)|\bfewest\s+(people|staff)\b", re.I),
     "team_size", False, "the smallest team", "delivery model:"),
    (re.compile(r"\b(cheapest|least\s+expensive|most\s+affordable|lowest[- ]cost|lowest\s+(hourly\s+)?rates?)\b", re.I),
     "min_hourly", False, "the lowest indicative rates", "pricing model:"),
    (re.compile(r"\b(most\s+expensive|highest\s+(hourly\s+)?rates?|priciest)\b", re.I),
     "max_hourly", True, "the highest indicative rates", "pricing model:"),
]
_WHO = re.compile(r"^\s*(who|which|what)\b", re.I)
SUPERLATIVE_RUNNERS_UP = 2


def answer_vendor_superlative(question: str, retriever: Retriever) -> tuple[str, list[Hit]] | None:
    """Answer "which vendor has the largest team / cheapest rates" by ranking profile fields (retriever loaded)."""
    if not (_ABOUT_VENDORS.search(question) or _WHO.search(question)):
        return None
    match = next((s for s in _SUPERLATIVES if s[0].search(question)), None)
    if match is None:
        return None
    _, field_name, largest, words, marker = match
    services = [s for s, pattern in SERVICE_TERMS.items() if re.search(pattern, question.lower())]
    # One chunk per vendor: the one whose rendered sentence shows the compared field.
    best_chunk: dict[str, int] = {}
    for position, meta in enumerate(retriever.metadatas):
        if meta.get(field_name) is None or not all(_member(meta.get("services"), s) for s in services):
            continue
        if marker in retriever.texts[position].lower():
            best_chunk.setdefault(meta["vendor_id"], position)
    if not best_chunk:
        return None
    ranked = sorted(best_chunk.values(), key=lambda p: retriever.metadatas[p][field_name], reverse=largest)
    chosen = ranked[: 1 + SUPERLATIVE_RUNNERS_UP]
    similarity = retriever.vectors @ np.asarray(retriever.embed_query(question), dtype=np.float32)
    sources = [retriever.hit_at(p, float(similarity[p])) for p in chosen]
    scope = f" offering {' and '.join(_LABELS[s] for s in services)}" if services else ""
    currencies = {retriever.metadatas[p].get("currency") for p in best_chunk.values()} - {None}
    caveat = ""
    if field_name != "team_size" and len(currencies) > 1:
        caveat = f" (rates compared as listed; {' and '.join(sorted(currencies))} are not converted)"
    lines = [f"Among the {len(best_chunk)} vendor profiles{scope}, {sources[0].metadata['vendor_name']} has {words}{caveat}:"]
    for number, position in enumerate(chosen, start=1):
        sentence = next(s for s in retriever.texts[position].split("\n") if marker in s.lower())
        lines.append(f"{number}. {sentence.strip()} [{number}]")
    return "\n".join(lines), sources
