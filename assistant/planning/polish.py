"""Optional LLM polishing of the needs statement's prose, guarded so it cannot add facts or drop tables.

The hook takes any callable `rewrite(text) -> text`, for example a backend call with the `polish` prompt
(prompts/polish.md). Only answer sections are rewritten; the risk register, evaluation criteria, shortlist and
open questions are computed and stay as rendered. A rewrite is rejected, and the original kept, when it
contains a number the original does not, loses a table row, or fails.
"""

import logging
import re
from typing import Callable

from assistant.planning.questions import SECTIONS

log = logging.getLogger(__name__)

Rewrite = Callable[[str], str]
POLISHED_SECTIONS = {SECTIONS[k] for k in ("background", "objectives", "scope", "requirements", "security",
                                           "delivery", "budget", "timeline")}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def keeps_facts(original: str, rewritten: str) -> bool:
    """Return whether a rewrite adds no number and keeps every table row of the original."""
    if not rewritten.strip():
        return False
    if not _numbers(rewritten) <= _numbers(original):
        return False
    return sum(line.lstrip().startswith("|") for line in rewritten.splitlines()) >= \
        sum(line.lstrip().startswith("|") for line in original.splitlines())


def _split_sections(markdown: str) -> list[tuple[str | None, str]]:
    """Return (heading, text) blocks, the text before the first `##` heading having heading None."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in markdown.splitlines():
        if line.startswith("## "):
            blocks.append((line[3:].strip(), [line]))
        else:
            blocks[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in blocks]


def polish_statement(markdown: str, rewrite: Rewrite) -> str:
    """Return the statement with its answer sections reworded by `rewrite`, keeping any rewrite that adds facts out."""
    parts = []
    for heading, text in _split_sections(markdown):
        if heading not in POLISHED_SECTIONS:
            parts.append(text)
            continue
        header, _, body = text.partition("\n")
        try:
            reworded = rewrite(body.strip())
        except Exception:  # a failing backend must not cost the user their statement
            log.warning("polishing %r failed; keeping the original wording", heading, exc_info=True)
            reworded = ""
        parts.append(f"{header}\n\n{reworded.strip()}\n" if keeps_facts(body, reworded) else text)
    return "\n".join(parts).rstrip("\n") + "\n"
