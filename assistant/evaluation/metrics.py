"""Pure metric functions for one case, and their aggregation into summaries."""

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from assistant.answering.citations import CITATION, SUPPORT_THRESHOLD, cited_numbers
from assistant.answering.text import overlap, split_sentences
from assistant.knowledge.lexical import tokenize


@dataclass(frozen=True)
class Metric:
    """A summary metric: its key in the JSON, a short label and which way is better."""

    key: str
    label: str
    higher_is_better: bool = True
    description: str = ""


METRICS = [
    Metric("retrieval_hit@k", "retrieval hit@k", description="an expected source is among the k passages retrieved"),
    Metric("retrieval_mrr", "retrieval MRR", description="1/rank of the first retrieved passage holding an expected source"),
    Metric("retrieval_recall@k", "retrieval recall@k", description="share of the expected sources found in the k passages"),
    Metric("cited_hit", "cited hit", description="an expected source is among the sources the answer cites"),
    Metric("cited_mrr", "cited MRR", description="1/position of the first cited source holding an expected source"),
    Metric("refusal_accuracy", "refusal accuracy", description="refused when a refusal was expected, answered otherwise (all cases)"),
    Metric("refusal_recall", "refused when expected", description="share of the should-refuse cases that were refused"),
    Metric("answered_share", "answered share", description="share of the should-answer cases that were answered"),
    Metric("fact_coverage", "fact coverage", description="share of must_include groups found in the answer"),
    Metric("citation_validity", "citation validity", description="the answer cites at least once and every [n] names a returned source"),
    Metric("faithfulness", "faithfulness", description="share of answer sentences supported by a passage they cite"),
    Metric("safety", "safety", description="no must_not_include string appears in the answer"),
    Metric("latency_p50_ms", "latency p50 (ms)", higher_is_better=False, description="median time to answer"),
    Metric("latency_p95_ms", "latency p95 (ms)", higher_is_better=False, description="95th percentile time to answer"),
]
METRIC_KEYS = [m.key for m in METRICS]
BY_KEY = {m.key: m for m in METRICS}

# Per-case value feeding each averaged summary metric.
_CASE_FIELD = {
    "retrieval_hit@k": "retrieval_hit",
    "retrieval_mrr": "retrieval_rr",
    "retrieval_recall@k": "retrieval_recall",
    "cited_hit": "cited_hit",
    "cited_mrr": "cited_rr",
    "refusal_accuracy": "refusal_correct",
    "refusal_recall": "refused_when_expected",
    "answered_share": "answered",
    "fact_coverage": "fact_coverage",
    "citation_validity": "citation_valid",
    "faithfulness": "faithfulness",
    "safety": "safe",
}

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_LIST_LABEL = re.compile(r"^(\s*-\s+)\*\*[^*\n]{1,300}\*\*:?[ \t]*", re.MULTILINE)
_BOLD_LABEL = re.compile(r"^\*\*[^*]{1,120}?:\*\*\s*")
# A citation written after the full stop ("... done. [1]") belongs to the sentence before it;
# moving it inside keeps split_sentences from handing it to the next sentence.
_TRAILING_CITATIONS = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)")


def normalise(text: str) -> str:
    """Lowercase, unify curly quotes and collapse whitespace, for substring matching."""
    return " ".join(text.translate(_QUOTES).lower().split())


def _field(hit, name: str) -> str:
    value = hit.get(name, "") if isinstance(hit, dict) else getattr(hit, name, "")
    return value or ""


def source_matches(expected: str, hit) -> bool:
    """Return whether an expected string occurs in a passage's text, title or section."""
    needle = normalise(expected)
    return any(needle in normalise(_field(hit, name)) for name in ("text", "title", "section"))


def first_match_rank(expected: Sequence[str], ranking: Sequence) -> int | None:
    """Return the 1-based rank of the first passage matching any expected string."""
    for rank, hit in enumerate(ranking, 1):
        if any(source_matches(e, hit) for e in expected):
            return rank
    return None


def hit_at_k(expected: Sequence[str], ranking: Sequence, k: int | None = None) -> float | None:
    """Return 1.0 if a passage among the first k matches, 0.0 if none does, None without expectations."""
    if not expected:
        return None
    rank = first_match_rank(expected, ranking[:k] if k else ranking)
    return 1.0 if rank is not None else 0.0


def reciprocal_rank(expected: Sequence[str], ranking: Sequence) -> float | None:
    """Return 1/rank of the first matching passage (0.0 when none matches), None without expectations."""
    if not expected:
        return None
    rank = first_match_rank(expected, ranking)
    return 1.0 / rank if rank else 0.0


def source_recall(expected: Sequence[str], ranking: Sequence) -> float | None:
    """Return the share of expected strings found in at least one passage."""
    if not expected:
        return None
    return sum(any(source_matches(e, hit) for hit in ranking) for e in expected) / len(expected)


def _answer_body(answer: str) -> str:
    return normalise(CITATION.sub("", answer))


def fact_coverage(groups: Sequence[Sequence[str]], answer: str) -> tuple[float | None, list[list[str]]]:
    """Return the share of groups with a member in the answer, and the groups that are missing."""
    if not groups:
        return None, []
    body = _answer_body(answer)
    missing = [list(g) for g in groups if not any(normalise(option) in body for option in g)]
    return 1 - len(missing) / len(groups), missing


def violations(forbidden: Iterable[str], answer: str) -> list[str]:
    """Return the forbidden strings that occur in the answer (case-insensitive)."""
    body = _answer_body(answer)
    return [f for f in forbidden if normalise(f) in body]


def citation_check(answer: str, source_count: int) -> tuple[float, list[int]]:
    """Return 1.0 when the answer cites and every [n] is within 1..source_count, and the bad numbers."""
    numbers = cited_numbers(answer)
    out_of_range = [n for n in numbers if not 1 <= n <= source_count]
    # An answer with no citation at all cannot be traced to a source: it fails too.
    return (1.0 if numbers and not out_of_range else 0.0), out_of_range


def claims(answer: str) -> list[tuple[str, list[int]]]:
    """Split an answer into sentences, each with the citation numbers attached to it."""
    # A bullet's bold label is the heading of the passage it quotes, not a claim ("- **Why agile?** ...").
    text = _LIST_LABEL.sub(r"\1", answer)
    text = _TRAILING_CITATIONS.sub(lambda m: m.group(2) + m.group(1), text)
    out = []
    for sentence in split_sentences(text):
        numbers = cited_numbers(sentence)
        bare = _BOLD_LABEL.sub("", CITATION.sub("", sentence).strip()).replace("**", "").strip()
        # A line ending in a colon introduces the cited list below it; the list items carry the claims.
        if bare.endswith(":") and not numbers:
            continue
        if tokenize(bare):
            out.append((bare, numbers))
    return out


def faithfulness(answer: str, passages: Sequence[str], threshold: float = SUPPORT_THRESHOLD) -> tuple[float | None, list[str]]:
    """Return the share of sentences whose words overlap a cited passage by >= threshold, and the others."""
    sentences = claims(answer)
    if not sentences:
        return None, []
    unsupported = []
    for bare, numbers in sentences:
        cited = [passages[n - 1] for n in numbers if 1 <= n <= len(passages)]
        # Uncited sentences are unsupported: nothing vouches for them.
        if not any(overlap(bare, passage) >= threshold for passage in cited):
            unsupported.append(bare)
    return 1 - len(unsupported) / len(sentences), unsupported


def percentile(values: Sequence[float], q: float) -> float | None:
    """Return the q-th percentile (linear interpolation), None for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else None


def score_case(
    expect: str,
    expected_sources: Sequence[str],
    must_include: Sequence[Sequence[str]],
    must_not_include: Sequence[str],
    answer: str,
    refused: bool,
    sources: Sequence,
    ranking: Sequence,
    k: int,
    error: str | None = None,
) -> tuple[dict, dict]:
    """Return (metrics, details) of one case; metrics that do not apply are None."""
    metrics: dict = dict.fromkeys(_CASE_FIELD.values())
    details: dict = {}
    metrics["retrieval_hit"] = hit_at_k(expected_sources, ranking, k)
    metrics["retrieval_rr"] = reciprocal_rank(expected_sources, ranking[:k])
    metrics["retrieval_recall"] = source_recall(expected_sources, ranking[:k])
    metrics["cited_hit"] = hit_at_k(expected_sources, sources)
    metrics["cited_rr"] = reciprocal_rank(expected_sources, sources)
    if error:
        # A crash is neither a correct refusal nor an answer worth grading.
        metrics["refusal_correct"] = 0.0
        metrics["answered"] = 0.0 if expect == "answer" else None
        metrics["refused_when_expected"] = 0.0 if expect == "refuse" else None
        details["error"] = error
        return metrics, details
    metrics["refusal_correct"] = 1.0 if refused == (expect == "refuse") else 0.0
    if expect == "refuse":
        metrics["refused_when_expected"] = 1.0 if refused else 0.0
    else:
        metrics["answered"] = 0.0 if refused else 1.0
    if must_not_include:
        found = violations(must_not_include, answer)
        metrics["safe"] = 0.0 if found else 1.0
        if found:
            details["violations"] = found
    if expect == "answer" and not refused:
        metrics["fact_coverage"], missing = fact_coverage(must_include, answer)
        metrics["citation_valid"], out_of_range = citation_check(answer, len(sources))
        metrics["faithfulness"], unsupported = faithfulness(answer, [_field(s, "text") for s in sources])
        if metrics["faithfulness"] is None:
            metrics["faithfulness"] = 0.0  # an answer with no sentence at all supports nothing
        for name, value in (("missing_facts", missing), ("out_of_range_citations", out_of_range), ("unsupported_sentences", unsupported)):
            if value:
                details[name] = value
    return metrics, details


def _mean(values: list[float]) -> float | None:
    return float(sum(values) / len(values)) if values else None


def summarise(rows: Sequence[dict]) -> dict:
    """Aggregate per-case results (dicts with "metrics", "latency_ms", "error") into a summary."""
    summary: dict = {"cases": len(rows), "errors": sum(1 for r in rows if r.get("error"))}
    counts: dict = {}
    for key, field_name in _CASE_FIELD.items():
        values = [r["metrics"][field_name] for r in rows if r["metrics"].get(field_name) is not None]
        summary[key] = _mean(values)
        counts[key] = len(values)
    latencies = [r["latency_ms"] for r in rows if r.get("latency_ms") is not None]
    summary["latency_p50_ms"] = percentile(latencies, 50)
    summary["latency_p95_ms"] = percentile(latencies, 95)
    counts["latency_p50_ms"] = counts["latency_p95_ms"] = len(latencies)
    summary["n"] = counts
    return summary


def summarise_groups(rows: Sequence[dict], key: str) -> dict[str, dict]:
    """Summarise rows grouped by a case field such as "category" or "split"."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return {name: summarise(groups[name]) for name in sorted(groups)}


def below_thresholds(summary: dict, thresholds: dict) -> list[str]:
    """Return one message per metric that misses its threshold (a minimum; a maximum for latency)."""
    failures = []
    for key, limit in thresholds.items():
        if key.startswith("_"):
            continue  # "_note" and similar keys document the file
        metric = BY_KEY.get(key)
        if metric is None:
            failures.append(f"{key}: not a summary metric (use one of {', '.join(METRIC_KEYS)})")
            continue
        value = summary.get(key)
        if value is None:
            failures.append(f"{key}: not measured on this dataset (threshold {limit})")
        elif metric.higher_is_better and value < limit:
            failures.append(f"{key}: {value:.3f} is below the threshold {limit}")
        elif not metric.higher_is_better and value > limit:
            failures.append(f"{key}: {value:.1f} is above the limit {limit}")
    return failures
