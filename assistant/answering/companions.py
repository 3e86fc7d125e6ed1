"""Which sentences go with the ones an answer quotes: a list's items, what a pointer refers to, the rest of an item, the next sentence."""

import re

import numpy as np

from assistant.knowledge.passage_sentences import Candidate
from assistant.knowledge.retrieval import Hit

MAX_LIST_ITEMS = 10
MAX_ITEM_CHARS = 400

# A table row read as "Priority: P1 Critical; Response time: 15 minutes; ...": its first value names
# the row. A question naming that value ("...respond to a P1?") is looking the row up.
LABELLED_ROW = re.compile(r"^[^:;]{1,60}:\s(?P<key>[^;]{1,80});\s[^:;]{1,60}:\s")
_ANNOUNCES = re.compile(r":$|\b(these|the\s+following|as\s+follows|below)\b", re.IGNORECASE)


def list_of(i: int, candidates: list[Candidate]) -> list[int]:
    """Return the items of the list a sentence introduces ("...handled in these steps.", "...as follows:")."""
    intro = candidates[i]
    if intro.item or intro.in_item:
        return []
    later = sorted((j for j, c in enumerate(candidates) if c.hit_index == intro.hit_index and c.position > intro.position),
                   key=lambda j: candidates[j].position)
    # The list must follow at once, or after more sentences of a paragraph that announces it.
    if not later or not (candidates[later[0]].item or _ANNOUNCES.search(intro.text)):
        return []
    out, items = [], 0
    for j in later:
        c = candidates[j]
        if not (c.item or c.in_item):
            if items:
                break
            continue
        items += c.item
        if items > MAX_LIST_ITEMS:
            break
        out.append(j)
    return out


def with_list(chosen: list[int], lists: dict[int, list[int]]) -> list[int]:
    """Add the list that a chosen sentence introduces (lists: introduction -> its items)."""
    out = list(chosen)
    for i in chosen:
        out.extend(j for j in lists.get(i, []) if j not in out)
    return out


# A sentence opening with a pointer to what came before ("This can be done for various reasons...")
# says its payload about the previous sentence's subject: read alone, it looks off-topic.
# (Case matters: "IT outsourcing is..." points nowhere.)
_POINTS_BACK = re.compile(r"^(?:This|These|That|Those|It|They|Such|Doing\s+so|In\s+this\s+way)\b")
ANTECEDENT_GAP = 0.02


def pointing_back(candidates: list[Candidate]) -> dict[int, int]:
    """Return, for each sentence that points back, the sentence just before it in its passage."""
    out = {}
    for i in range(1, len(candidates)):
        c, before = candidates[i], candidates[i - 1]
        if _follows(before, c) and not (c.item or c.in_item) and _POINTS_BACK.match(c.text):
            out[i] = i - 1
    return out


def inherit(scores: np.ndarray, antecedents: dict[int, int]) -> np.ndarray:
    """Return the scores with each pointing-back sentence's raised to nearly its antecedent's."""
    out = scores.copy()
    for i in sorted(antecedents):
        out[i] = max(out[i], out[antecedents[i]] - ANTECEDENT_GAP)
    return out


def with_antecedents(chosen: list[int], antecedents: dict[int, int]) -> list[int]:
    """Add the sentence each chosen pointing-back sentence refers to, just before it."""
    out: list[int] = []
    for i in chosen:
        chain = []
        j = i
        while j in antecedents and antecedents[j] not in out and antecedents[j] not in chosen:
            j = antecedents[j]
            chain.append(j)
        out.extend(reversed(chain))
        out.append(i)
    return list(dict.fromkeys(out))


def whole_items(chosen: list[int], candidates: list[Candidate]) -> list[int]:
    """Add the other sentences of each chosen list item, when the item is short: an item reads as one unit.

    "- Using a requirement traceability matrix. Asking for this is a big red flag." says what it
    means only in its second sentence.
    """
    out = list(chosen)
    for i in chosen:
        if not (candidates[i].item or candidates[i].in_item):
            continue
        start = i
        while start > 0 and candidates[start].in_item and _follows(candidates[start - 1], candidates[start]):
            start -= 1
        end = i
        while end + 1 < len(candidates) and candidates[end + 1].in_item and _follows(candidates[end], candidates[end + 1]):
            end += 1
        item = range(start, end + 1)
        if candidates[start].item and sum(len(candidates[j].text) for j in item) <= MAX_ITEM_CHARS:
            out.extend(j for j in item if j not in out)
    return out


def _list_runs(candidates: list[Candidate]) -> list[list[int]]:
    """Return the lists of the passages: runs of consecutive item sentences, each as candidate indices."""
    runs: list[list[int]] = []
    for i, c in enumerate(candidates):
        if not (c.item or c.in_item):
            continue
        if runs and runs[-1][-1] == i - 1 and _follows(candidates[i - 1], c):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def whole_lists(chosen: list[int], candidates: list[Candidate], max_chars: int) -> list[int]:
    """Add the rest of each list of which half the items or more (two at least) were chosen: a list quoted nearly whole is quoted whole.

    "What are the stages of the QA process?" quoting five of six stages leaves one out unsaid; two
    lines of a contract's nine key terms are an answer about those two.
    """
    out = list(chosen)
    length = sum(len(candidates[i].text) for i in out)
    for run in _list_runs(candidates):
        picked = [i for i in run if i in out and candidates[i].item]
        items = sum(candidates[i].item for i in run)
        missing = [i for i in run if i not in out]
        extra = sum(len(candidates[i].text) for i in missing)
        if len(picked) >= 2 and 2 * len(picked) >= items and missing and items <= MAX_LIST_ITEMS and length + extra <= max_chars:
            out.extend(missing)
            length += extra
    return out


def with_next(chosen: list[int], candidates: list[Candidate], hits: list[Hit]) -> list[int]:
    """Add the sentence after a sentence quoted alone: one sentence seldom says all its passage does on the point.

    "...agencies often pursue one big contract because it seems the most efficient way" needs the
    "However, this approach makes the project more likely to fail" that follows it. A table row and
    a vendor profile's line stand alone, and the next item of a list is another point.
    """
    if len(chosen) != 1:
        return chosen
    only = candidates[chosen[0]]
    if LABELLED_ROW.match(only.text) or hits[only.hit_index].metadata.get("kind") == "vendor":
        return chosen
    after = next((j for j, c in enumerate(candidates) if _follows(only, c)), None)
    if after is None or candidates[after].item or candidates[after].in_item or LABELLED_ROW.match(candidates[after].text):
        return chosen
    return chosen + [after]


def _follows(before: Candidate, after: Candidate) -> bool:
    """Return whether a sentence comes right after another in the same passage."""
    return before.hit_index == after.hit_index and after.position == before.position + 1
