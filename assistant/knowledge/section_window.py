"""Widen a retrieved chunk to the rest of its section: a section cut in two answers as one.

A section longer than a chunk is split at paragraphs, so a list of rules often lands in one chunk
and the sentence saying what they govern in another. Quoting either alone misses the answer.
"""

from dataclasses import replace

from assistant.knowledge.retrieval import Hit


def section_runs(metadatas: list[dict]) -> dict[tuple, list[int]]:
    """Return the positions of each section's chunks in document order, keyed by source, section and page."""
    runs: dict[tuple, list[int]] = {}
    for position, meta in enumerate(metadatas):
        if meta.get("kind") == "vendor":
            continue  # a profile's chunks each stand alone and name their vendor
        key = (meta.get("source", ""), meta.get("section", ""), meta.get("page"))
        runs.setdefault(key, []).append(position)
    for positions in runs.values():
        positions.sort(key=lambda p: metadatas[p].get("order", 0))
    return runs


def window(position: int, run: list[int], texts: list[str], limit: int) -> list[int]:
    """Return the positions around one chunk of a run, in order, while their text fits in limit characters."""
    at = run.index(position)
    first = last = at
    size = len(texts[position])
    grew = True
    while grew:
        grew = False
        # After first: a chunk that introduces something is followed by what it introduces.
        for step in (last + 1, first - 1):
            if 0 <= step < len(run) and size + len(texts[run[step]]) <= limit:
                size += len(texts[run[step]])
                first, last = min(first, step), max(last, step)
                grew = True
                break
    return run[first:last + 1]


def widen(hits: list[Hit], positions: dict[str, int], runs: dict[tuple, list[int]], ids: list[str],
          texts: list[str], limit: int) -> list[Hit]:
    """Return the hits, each carrying the neighbouring chunks of its section; a chunk shown once."""
    if limit <= 0:
        return hits
    shown: set[str] = set()
    out = []
    for hit in hits:
        if hit.id in shown:
            continue
        position = positions.get(hit.id)
        run = runs.get((hit.source, hit.section, hit.metadata.get("page"))) if position is not None else None
        if not run or len(run) == 1 or position not in run:
            shown.add(hit.id)
            out.append(hit)
            continue
        taken = [p for p in window(position, run, texts, limit) if ids[p] not in shown or ids[p] == hit.id]
        shown.update(ids[p] for p in taken)
        out.append(replace(hit, text="\n\n".join(texts[p] for p in taken)))
    return out
