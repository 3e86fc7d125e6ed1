"""Check generated citations after the fact: every [n] must exist and support its sentence."""

import re
from dataclasses import dataclass, replace

from assistant.answering.text import overlap, split_sentences

CITATION = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
# A sentence counts as supported when at least this share of its content words occur in the
# passage it cites. Token overlap is crude but deterministic; it catches invented sentences and
# citations pointing at the wrong passage without needing a second model.
SUPPORT_THRESHOLD = 0.5


@dataclass
class CheckedAnswer:
    """An answer whose citations were verified, numbered by the passages given."""

    text: str
    cited: list[int]  # 0-based passage positions, in order of first citation
    dropped: int  # sentences removed because no passage supports them


def cited_numbers(text: str) -> list[int]:
    """Return every citation number in the text, in order."""
    return [int(n) for group in CITATION.findall(text) for n in re.split(r"\s*,\s*", group)]


def verify_citations(text: str, passages: list[str]) -> CheckedAnswer:
    """Keep supported sentences with a valid citation, repairing or dropping the rest."""
    kept: list[tuple[str, list[int]]] = []
    dropped = 0
    for sentence in split_sentences(text):
        bare = CITATION.sub("", sentence).strip()
        if len(bare) < 3:
            continue
        claimed = [n - 1 for n in cited_numbers(sentence) if 1 <= n <= len(passages)]
        valid = [i for i in dict.fromkeys(claimed) if overlap(bare, passages[i]) >= SUPPORT_THRESHOLD]
        if not valid:
            scores = [overlap(bare, p) for p in passages]
            best = max(range(len(passages)), key=scores.__getitem__, default=None)
            if best is None or scores[best] < SUPPORT_THRESHOLD:
                dropped += 1
                continue
            valid = [best]
        kept.append((bare, valid))
    order: list[int] = []
    for _, indices in kept:
        for i in indices:
            if i not in order:
                order.append(i)
    return CheckedAnswer(" ".join(f"{s} {''.join(f'[{i + 1}]' for i in idx)}" for s, idx in kept), order, dropped)


def merge_sources(order: list[int], hits: list) -> tuple[list, dict[int, int]]:
    """Return one source per cited document place (file, section and page) and where each passage went.

    Two chunks of one section on one page are one place for a reader: they share a source card, their
    texts joined in document order, and a single number.
    """
    places: dict[tuple, list[int]] = {}
    for position in order:
        hit = hits[position]
        key = (hit.source, hit.section, hit.metadata.get("page"))
        places.setdefault(key, []).append(position)
    sources, where = [], {}
    for number, positions in enumerate(places.values()):
        for position in positions:
            where[position] = number
        ordered = sorted(positions, key=lambda p: hits[p].metadata.get("order", 0))
        first = hits[positions[0]]
        sources.append(first if len(positions) == 1
                       else replace(first, text="\n\n".join(hits[p].text for p in ordered)))
    return sources, where


def renumber(text: str, order: list[int], where: dict[int, int] | None = None) -> str:
    """Rewrite [n] (1-based positions in the passages) to the numbers of the sources shown.

    `order` lists the cited positions in source order; `where` maps a position to its source's index
    when several passages share one source (see `merge_sources`).
    """
    mapping = {old + 1: (where[old] if where else new) + 1 for new, old in enumerate(order)}

    def replace(match: re.Match) -> str:
        numbers = [int(n) for n in re.split(r"\s*,\s*", match.group(1))]
        kept = list(dict.fromkeys(mapping[n] for n in numbers if n in mapping))
        return " " + "".join(f"[{n}]" for n in kept) if kept else ""

    # Two passages merged into one source leave "[1] [1]" where both were cited: once is enough.
    return re.sub(r"(\[\d+\])(?:\s*\1)+", r"\1", CITATION.sub(replace, text)).strip()
