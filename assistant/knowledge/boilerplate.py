"""Strip web-page boilerplate (cross-links, share prompts, cookie notices) from document text."""

import re

# A standalone line that only points readers elsewhere or asks them to act carries no
# knowledge; copied web pages are full of them and they pollute retrieval.
_BOILERPLATE_LINE = re.compile(
    r"""^\W*(
        (we\s+)?recommend(ed)?\s+(that\s+)?you\s+(also\s+)?read\b
      | (you\s+)?(may|might)\s+also\s+(like|read|enjoy)\b
      | (see|read)\s+also\b
      | also\s+read\b
      | related(\s+(articles?|posts?|reading))?\s*[:\-–—]
      | read\s+more\b
      | click\s+here\b
      | share\s+(this|on)\b
      | subscribe\s+(to|for|now)\b
      | sign\s+up\s+for\s+our\s+newsletter\b
      | follow\s+us\s+on\b
      | (this\s+(site|website)\s+uses\s+cookies|we\s+use\s+cookies)\b
      | advertisement\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_BOILERPLATE_CHARS = 160


def is_boilerplate(line: str) -> bool:
    """Return whether a line is a short navigation or promotion line, not content."""
    text = line.strip()
    return bool(text) and len(text) <= _MAX_BOILERPLATE_CHARS and bool(_BOILERPLATE_LINE.match(text))


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate lines, keeping everything else as it was."""
    return "\n".join(line for line in text.splitlines() if not is_boilerplate(line))
