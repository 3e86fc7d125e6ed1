"""Words the planning parsers recognise: service types, compliance terms, languages, places and time zones."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.vendors import ServiceType

# Longer phrases come first in each pattern so "network monitoring" counts as security work, not as a network.
SERVICE_PATTERNS: dict[ServiceType, str] = {
    ServiceType.it_support: (
        r"help\s*-?\s*desk|service\s*-?\s*desk|support\s+desk|\bit\s+support|tech(nical)?\s+support|"
        r"end[- ]user\s+support|desktop\s+support|user\s+support|\btickets?\b|user\s+training|password\s+resets?|"
        r"software\s+install\w*|laptop\s+support"
    ),
    ServiceType.cybersecurity: (
        r"cyber\s*-?\s*security|\bcyber\b|security\s+operations|\bsoc\b(?!\s*-?\s*(2|ii|1)\b)|\bsiem\b|\bmdr\b|"
        r"pen(etration)?\s*-?\s*test\w*|network\s+monitoring|incident\s+response|threat\w*|vulnerabilit\w*|"
        r"security\s+monitoring|firewalls?|\bsecurity\b"
    ),
    ServiceType.cloud: (
        r"\bcloud\b|\baws\b|\bazure\b|\bgcp\b|google\s+cloud|\bhosting\b|\bhosted\b|\bbackups?\b|"
        r"disaster\s+recovery|data\s+storage"
    ),
    ServiceType.infrastructure: (
        r"infrastructure|\bservers?\b|\bnetwork(s|ing)?\b(?!\s+monitoring)|workstations?|data\s*-?\s*cent(er|re)s?|"
        r"\blan\b|\bwan\b|wi-?fi|\bprinters?\b|on[- ]prem\w*"
    ),
    ServiceType.software_development: (
        r"software(?!\s+install)|develop(ment|ers?|ing)?\b|\bapps?\b|\bapplications?\b|web\s*-?\s*sites?|"
        r"mobile|\berp\b|\bcrm\b|\bportal\b|\bcoding\b|programm\w*"
    ),
}

# Standards a vendor can hold; the canonical names follow the vendor profiles' spelling where one exists.
CERTIFICATIONS: dict[str, str] = {
    "ISO 27001": r"iso\s*[/-]?\s*(iec\s*)?27001",
    "ISO 27017": r"iso\s*[/-]?\s*(iec\s*)?27017",
    "ISO 27018": r"iso\s*[/-]?\s*(iec\s*)?27018",
    "ISO 27701": r"iso\s*[/-]?\s*(iec\s*)?27701",
    "ISO 9001": r"iso\s*9001",
    "ISO 20000-1": r"iso\s*[/-]?\s*(iec\s*)?20000",
    "ISO 22301": r"iso\s*22301",
    "SOC 2 Type II": r"\bsoc\s*-?\s*(2|ii)\b",
    "PCI DSS": r"\bpci\b(\s*-?\s*dss)?",
    "CSA STAR": r"csa\s*star",
    "CMMI": r"\bcmmi\b",
    "HITRUST": r"\bhitrust\b",
    "FedRAMP": r"\bfedramp\b",
    "Cyber Essentials": r"cyber\s+essentials",
    "TISAX": r"\btisax\b",
}

# Laws and rules that apply to the client; a vendor can only show experience with them.
REGULATIONS: dict[str, str] = {
    "GDPR": r"\bgdpr\b|general\s+data\s+protection\s+regulation|\bdsgvo\b",
    "HIPAA": r"\bhipaa\b",
    "SOX": r"\bsox\b|sarbanes[- ]oxley",
    "CCPA": r"\bccpa\b|\bcpra\b",
    "NIS2": r"\bnis\s*-?\s*2\b",
    "DORA": r"\bdora\b",
    "GLBA": r"\bglba\b|gramm[- ]leach",
    "FERPA": r"\bferpa\b",
    "PIPEDA": r"\bpipeda\b",
    "LGPD": r"\blgpd\b",
}

LANGUAGES = (
    "English", "German", "French", "Spanish", "Portuguese", "Italian", "Dutch", "Polish", "Ukrainian", "Russian",
    "Czech", "Slovak", "Hungarian", "Romanian", "Bulgarian", "Greek", "Turkish", "Swedish", "Norwegian", "Danish",
    "Finnish", "Estonian", "Latvian", "Lithuanian", "Arabic", "Hebrew", "Hindi", "Bengali", "Tamil", "Urdu",
    "Japanese", "Korean", "Mandarin", "Cantonese", "Chinese", "Vietnamese", "Thai", "Indonesian", "Malay",
    "Filipino", "Tagalog", "Swahili", "Afrikaans", "Croatian", "Serbian", "Slovenian",
)

EU_COUNTRIES = {
    "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia", "Finland", "France",
    "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg", "Malta", "Netherlands",
    "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden",
}
OWN_DATA_CENTRE = "our own data centre"

# Data locations; "US" is matched case-sensitively below so the pronoun "us" is not read as a country.
_PLACES: dict[str, str] = {
    "EU": r"\beu\b|european\s+union|\beea\b",
    "Europe": r"\beurope\b|\beuropean\b(?!\s+union)",
    "UK": r"\buk\b|united\s+kingdom|great\s+britain|\bbritain\b|\bengland\b",
    "Canada": r"\bcanada\b|\bcanadian\b",
    "Switzerland": r"switzerland|\bswiss\b",
    "Norway": r"\bnorway\b",
    "Australia": r"\baustralia\b",
    "New Zealand": r"new\s+zealand",
    "Japan": r"\bjapan\b",
    "India": r"\bindia\b",
    "Singapore": r"\bsingapore\b",
    "United Arab Emirates": r"united\s+arab\s+emirates|\buae\b",
    "Saudi Arabia": r"saudi\s+arabia",
    "South Africa": r"south\s+africa",
    "Kenya": r"\bkenya\b",
    "Morocco": r"\bmorocco\b",
    "Brazil": r"\bbrazil\b",
    "Mexico": r"\bmexico\b",
    OWN_DATA_CENTRE: r"on[- ]?prem\w*|(own|our|customer'?s?|in[- ]house)\s+(own\s+)?data\s*-?\s*cent(er|re)s?",
}
_PLACES.update({country: rf"\b{country.lower()}\b" for country in EU_COUNTRIES})


def find_places(text: str, with_positions: bool = False) -> list:
    """Return the data locations named in a text in order (with `with_positions`, as (start, end, name))."""
    found: list[tuple[int, int, str]] = []
    for name, pattern in _PLACES.items():
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            found.append((match.start(), match.end(), name))
    us = re.search(r"\bUS\b|\bU\.S\.|\bUSA\b", text) or re.search(r"united\s+states|\bamerica\b", text, re.IGNORECASE)
    if us:
        found.append((us.start(), us.end(), "US"))
    return sorted(found) if with_positions else [name for _, _, name in sorted(found)]


def place_of(vendor_location: str) -> str | None:
    """Return the canonical name of a vendor's data residency entry, or None if it is not recognised."""
    places = find_places(vendor_location)
    return places[0] if places else None


_EUROPE = EU_COUNTRIES | {"EU", "UK", "Switzerland", "Norway"}


def place_covers(offered: str, wanted: str) -> bool:
    """Return whether data kept at `offered` satisfies a requirement to keep it at `wanted`."""
    # A member state is inside the EU; "EU" does not guarantee one particular member state.
    return (offered == wanted or (wanted == "EU" and offered in EU_COUNTRIES)
            or (wanted == "Europe" and offered in _EUROPE))


# Working-hour offsets from UTC; zone names that mean different things in different places (IST) are left out.
ZONE_OFFSETS: dict[str, float] = {
    r"\b(utc|gmt|wet)\b": 0, r"\bbst\b": 1, r"\bcet\b": 1, r"\bcest\b|\beet\b": 2, r"\beest\b": 3,
    r"\best\b|\bet\b|eastern\s+time|us\s+east|east\s+coast": -5, r"\bedt\b": -4,
    r"\bcst\b|\bct\b|central\s+time": -6, r"\bcdt\b": -5, r"\bmst\b|mountain\s+time": -7, r"\bmdt\b": -6,
    r"\bpst\b|\bpt\b|pacific\s+time|west\s+coast": -8, r"\bpdt\b": -7,
    r"\bjst\b": 9, r"\bsgt\b": 8, r"\baest\b": 10, r"\bnzst\b": 12,
    r"central\s+europe(an)?": 1, r"eastern\s+europe(an)?": 2, r"western\s+europe(an)?": 0,
    r"\blondon\b|\buk\b|united\s+kingdom|\bireland\b|\bdublin\b|\blisbon\b|\bportugal\b": 0,
    r"\bberlin\b|\bgermany\b|\bparis\b|\bfrance\b|\bmadrid\b|\bspain\b|\bamsterdam\b|\bnetherlands\b|"
    r"\bwarsaw\b|\bpoland\b|\brome\b|\bitaly\b|\bstockholm\b|\bsweden\b|\bvienna\b|\baustria\b|\bzurich\b|"
    r"\bswitzerland\b|\bbrussels\b|\bbelgium\b|\bprague\b|\bczechia\b|\bcopenhagen\b|\bdenmark\b|\boslo\b|\bnorway\b|"
    r"\bmorocco\b|\bcasablanca\b": 1,
    r"\bkyiv\b|\bukraine\b|\bhelsinki\b|\bfinland\b|\bathens\b|\bgreece\b|\bbucharest\b|\bromania\b|\btallinn\b|"
    r"\bestonia\b|\bcape\s+town\b|\bjohannesburg\b|\bsouth\s+africa\b|\bcairo\b|\begypt\b": 2,
    r"\bnairobi\b|\bkenya\b|\briyadh\b|\bsaudi\b|\bistanbul\b|\bturkey\b": 3, r"\bdubai\b|\buae\b": 4,
    r"\bindia\b|\bbangalore\b|\bbengaluru\b|\bmumbai\b|\bpune\b|\bdelhi\b|\bhyderabad\b|\bchennai\b": 5.5,
    r"\bvietnam\b|\bho\s+chi\s+minh\b|\bhanoi\b|\bbangkok\b|\bthailand\b|\bjakarta\b": 7,
    r"\bsingapore\b|\bmanila\b|\bphilippines\b|\bcebu\b|\bhong\s+kong\b|\bperth\b|\bkuala\s+lumpur\b": 8,
    r"\btokyo\b|\bjapan\b|\bseoul\b|\bkorea\b": 9, r"\bsydney\b|\bmelbourne\b|\bbrisbane\b": 10,
    r"\bauckland\b|\bnew\s+zealand\b": 12,
    r"\bnew\s+york\b|\bboston\b|\btoronto\b|\bmontreal\b|\bmiami\b|\batlanta\b|\bbogota\b|\blima\b": -5,
    r"\bhalifax\b": -4,
    r"\bchicago\b|\bdallas\b|\bhouston\b|\bmexico\s+city\b|\bcosta\s+rica\b|\bguatemala\b": -6,
    r"\bdenver\b|\bphoenix\b": -7,
    r"\bcalifornia\b|\bsan\s+francisco\b|\blos\s+angeles\b|\bseattle\b|\bvancouver\b": -8,
    r"\bs[aã]o\s+paulo\b|\bbrazil\b|\bbuenos\s+aires\b|\bargentina\b|\bmontevideo\b|\buruguay\b": -3,
}
UTC_OFFSET = re.compile(r"\b(?:utc|gmt)\s*([+\-−])\s*(\d{1,2})(?::?([0-5]\d))?\b", re.IGNORECASE)


def offset_label(offset: float) -> str:
    """Return an offset as "UTC+5:30"."""
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(round(abs(offset) * 60), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def parse_offset(text: str) -> float | None:
    """Return the UTC offset written as "UTC+1" or "GMT-5:30", or None."""
    match = UTC_OFFSET.search(text)
    if not match:
        return None
    value = int(match.group(2)) + int(match.group(3) or 0) / 60
    return -value if match.group(1) in "-−" else value


# Qualifiers, negations, number words and function scope: read from vocabulary.yaml next to this module.
VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


@lru_cache(maxsize=1)
def words() -> dict:
    """Return vocabulary.yaml, read once."""
    return yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))


def _number_tables() -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    table = words()["number_words"]
    return {**table["units"], **table["tens"]}, table["scales"], table["articles"]


@lru_cache(maxsize=1)
def _number_run() -> re.Pattern:
    small, scales, articles = _number_tables()
    word = "|".join(sorted(map(re.escape, [*small, *scales]), key=len, reverse=True))
    first = "|".join(sorted(map(re.escape, small), key=len, reverse=True))
    article = "|".join(sorted((a.replace(" ", r"\s+") for a in articles), key=len, reverse=True))
    scale = "|".join(scales)
    # A run of number words starting with a number or an article right before a scale word ("a hundred",
    # "half a million"); a bare "hundred" ("a few hundred") is no figure.
    return re.compile(
        rf"\b(?:(?:{article})\s+(?={scale})(?:{scale})|(?:{first}))(?:(?:\s+and\s+|[\s-]+)(?:{word}))*\b"
        r"(?![- ](?:off|time)\b)",
        re.IGNORECASE,
    )


def _run_values(run: str) -> list[float]:
    """Return the numbers a run of number words says; "twenty-four seven" is two numbers, 24 and 7."""
    small, scales, articles = _number_tables()
    numbers: list[float] = []
    total = current = 0.0
    lowered = " ".join(run.lower().replace("-", " ").split())
    for article, value in sorted(articles.items(), key=lambda pair: -len(pair[0])):
        if lowered.startswith(article + " "):
            current, lowered = value, lowered[len(article) + 1:]
            break
    for token in lowered.split():
        if token == "and":
            continue
        if token in small:
            value = small[token]
            # A second units word, or a tens word after units, starts a new number.
            if current % 100 and (current % 10 or value >= 10):
                numbers.append(total + current)
                total = current = 0.0
            current += value
        elif token == "hundred":
            current = (current or 1) * scales[token]
        else:
            total += (current or 1) * scales[token]
            current = 0.0
    return numbers + [total + current]


def words_to_numbers(text: str) -> str:
    """Return the text with number words as digits: "two hundred and fifty" becomes "250"."""

    def digits(match: re.Match) -> str:
        return " ".join(f"{v:g}" if not float(v).is_integer() else str(int(v)) for v in _run_values(match.group(0)))

    return _number_run().sub(digits, text)


def is_negated(text: str, start: int, end: int) -> bool:
    """Return whether the term at text[start:end] is ruled out in its clause ("no offshore", "offshore is a no-go")."""
    before = re.split(r"[;,.()\n]|\bbut\b", text[:start])[-1]
    after = re.split(r"[;,.()\n]|\bbut\b", text[end:])[0]
    cue = re.search(words()["negation_before"] + r"(?:\s+[\w-]+){0,2}\s*$", before, re.IGNORECASE)
    return bool(cue) or bool(re.match(words()["negation_after"], after, re.IGNORECASE))


def qualifier(name: str, text: str) -> re.Match | None:
    """Return where a budget qualifier (approximate, may_exceed, ceiling) occurs in a text."""
    return re.search(words()["budget_qualifiers"][name], text, re.IGNORECASE)


def relative_years() -> dict[str, int]:
    """Return the relative year phrases (pattern -> years after the draft's year)."""
    return words()["relative_years"]


def function_terms() -> dict[ServiceType, str]:
    """Return the patterns that point at one function within an answer."""
    return {ServiceType(key): pattern for key, pattern in words()["function_terms"].items()}


def says_all_functions(text: str) -> bool:
    """Return whether a clause applies to every function ("for all", "otherwise")."""
    return bool(re.search(words()["all_functions"], text, re.IGNORECASE))


def says_out_of_scope(text: str) -> bool:
    """Return whether a clause keeps what it names out of scope ("we'll tender the helpdesk separately")."""
    return bool(re.search(words()["out_of_scope"], text, re.IGNORECASE))
