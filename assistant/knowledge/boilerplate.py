"""Strip web-page boilerplate (cross-links, share prompts, cookie notices) from document text."""

import re

# A standalone line that only points readers elsewhere or asks them to act carries no
# knowledge; copied web pages are full of them and they pollute retrieval.
_BOILERPLATE_LINE = re.compile(
    r"""^[\W_]*(
        (we\s+)?recommend(ed)?\s+(that\s+)?you\s+(also\s+)?read\b
      | (you\s+)?(may|might)\s+also\s+(like|read|enjoy)\b
      | (see|read)\s+also\b
      | also\s+read[\s*_]*($|[:\-–—»|])
      | related(\s+(articles?|posts?|reading))?\s*[:\-–—]
      | read\s+more(\s+(about|on|here|at)\b|[\s*_]*($|[:\-–—»>|.…]))
      | click\s+here\b
      | share\s+(this\s+(article|post|page|story)\b|this[\s*_]*($|[:!\-–—|])|on\s+(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest)\b)
      | subscribe(\s+now\b|\s+(to|for)\s+(our|my)\s+\w+|\s+for\s+(more|updates|free)\b|\s*$)
      | sign\s+up\s+for\s+our\s+newsletter\b
      | follow\s+us\s+on\b
      | this\s+(site|website)\s+uses\s+cookies\b
      | we\s+use\s+cookies\s+(on\s+(this|our)\s+(site|website)\b|to\s+(give|ensure|improve|enhance|personali[sz]e)\s+(you|your)\b)
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
