"""Place names (countries, regions, unions) in questions and passages.

"Can suppliers keep patient records in Ireland?" is answered by "Patient data must not leave the
United Kingdom", though the document never names Ireland: a rule about where things may be answers
a question about any place.
"""

import re
from functools import lru_cache
from pathlib import Path

import yaml

PLACES_FILE = Path(__file__).with_name("places.yaml")


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Return the place names recognised: pycountry's countries plus the regions of places.yaml."""
    import pycountry

    names: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                # "Korea, Republic of" is said "Korea"; "Iran, Islamic Republic of" is "Iran".
                names.add(value.split(", ")[0])
        names.add(country.alpha_3)
    table = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8")) or {}
    for group in table.values():
        names.update(group or [])
    return frozenset(names)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    # Longest first, so "Northern Ireland" wins over "Ireland"; case-sensitive: "US" is a place, "us" is not.
    alternatives = "|".join(re.escape(n) for n in sorted(place_names(), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")


def places_in(text: str) -> list[str]:
    """Return the place names a text mentions, in order, each once."""
    return list(dict.fromkeys(m.group(0) for m in _pattern().finditer(text)))

