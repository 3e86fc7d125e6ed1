"""Compare two results.json files: settings that differ, metric deltas, cases that changed."""

import json
from pathlib import Path

from assistant.evaluation.metrics import BY_KEY, METRICS
from assistant.evaluation.report import fmt, text_table

# Per-case fields whose change is worth listing, and which way is better.
CASE_FIELDS = {
    "refusal_correct": "refusal correct",
    "retrieval_hit": "retrieval hit",
    "retrieval_rr": "retrieval RR",
    "cited_hit": "cited hit",
    "fact_coverage": "fact coverage",
    "citation_valid": "citation valid",
    "faithfulness": "faithfulness",
    "safe": "safe",
}
EPSILON = 1e-9


class ResultsError(ValueError):
    """A file that is not a readable results.json."""


def load_results(path: Path) -> dict:
    """Read a results.json, raising ResultsError with a one-line reason."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResultsError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path} is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("systems"), dict):
        raise ResultsError(f"{path} is not an eval results file (no \"systems\"); pass the results.json of a run")
    for name, run in data["systems"].items():
        if not isinstance(run, dict) or "summary" not in run or not isinstance(run.get("cases"), list):
            raise ResultsError(f"{path}: system {name!r} has no summary or cases")
    return data


def _flatten(prefix: str, value, out: dict) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), item, out)
    else:
        out[prefix] = value


def settings_diff(a: dict, b: dict) -> list[tuple[str, object, object]]:
    """Return (name, value in A, value in B) for every recorded setting that differs."""
    shared = [n for n in a["systems"] if n in b["systems"]]  # systems in one run only are reported apart
    left, right = {}, {}
    for data, out in ((a, left), (b, right)):
        _flatten("", {
            "git_revision": data.get("git_revision"),
            "dataset": {k: v for k, v in data.get("dataset", {}).items() if k != "line_errors"},
            "settings": data.get("settings", {}),
            "systems": {n: data["systems"][n].get("config", {}) for n in shared},
        }, out)
    return [(k, left.get(k), right.get(k)) for k in sorted(left.keys() | right.keys()) if left.get(k) != right.get(k)]


def verdict(key: str, delta: float | None) -> str:
    """Return "better", "worse" or "" for a metric delta."""
    if delta is None or abs(delta) < EPSILON or key not in BY_KEY:
        return ""
    return "better" if (delta > 0) == BY_KEY[key].higher_is_better else "worse"


def metric_deltas(a: dict, b: dict, system: str, scope: str = "overall", name: str | None = None) -> list[dict]:
    """Return one row per metric of a system: value in A, in B, delta and verdict."""
    def pick(data):
        summary = data["systems"][system]["summary"]
        return summary["overall"] if scope == "overall" else summary.get(scope, {}).get(name, {})

    left, right = pick(a), pick(b)
    rows = []
    for metric in METRICS:
        va, vb = left.get(metric.key), right.get(metric.key)
        delta = vb - va if va is not None and vb is not None else None
        rows.append({"metric": metric.key, "a": va, "b": vb, "delta": delta, "verdict": verdict(metric.key, delta)})
    return rows


def changed_cases(a: dict, b: dict, system: str) -> dict:
    """Return the cases of a system whose outcome changed, plus ids present in only one run."""
    rows_a = {r["id"]: r for r in a["systems"][system]["cases"]}
    rows_b = {r["id"]: r for r in b["systems"][system]["cases"]}
    changed, text_only = [], []
    for case_id in [i for i in rows_a if i in rows_b]:
        ra, rb = rows_a[case_id], rows_b[case_id]
        changes = []
        if ra.get("refused") != rb.get("refused"):
            changes.append(f"refused {ra.get('refused')} -> {rb.get('refused')}")
        for field_name, label in CASE_FIELDS.items():
            va, vb = ra["metrics"].get(field_name), rb["metrics"].get(field_name)
            if va != vb and not (va is not None and vb is not None and abs(va - vb) < EPSILON):
                trend = "" if va is None or vb is None else " (better)" if vb > va else " (worse)"
                changes.append(f"{label} {fmt(field_name, va)} -> {fmt(field_name, vb)}{trend}")
        if changes:
            changed.append({"id": case_id, "category": rb.get("category", ""), "changes": changes})
        elif ra.get("answer") != rb.get("answer"):
            text_only.append(case_id)
    return {
        "changed": changed,
        "answer_text_only": text_only,
        "only_in_a": [i for i in rows_a if i not in rows_b],
        "only_in_b": [i for i in rows_b if i not in rows_a],
    }


def compare(a: dict, b: dict) -> dict:
    """Return the full comparison of two runs as plain data."""
    systems = [s for s in a["systems"] if s in b["systems"]]
    out = {"settings": [{"name": k, "a": va, "b": vb} for k, va, vb in settings_diff(a, b)], "systems": {}}
    for system in systems:
        categories = sorted(set(a["systems"][system]["summary"].get("by_category", {}))
                            & set(b["systems"][system]["summary"].get("by_category", {})))
        by_category = {}
        for category in categories:
            moved = [r for r in metric_deltas(a, b, system, "by_category", category) if r["verdict"] and not r["metric"].endswith("_ms")]
            if moved:
                by_category[category] = moved
        out["systems"][system] = {
            "overall": metric_deltas(a, b, system),
            "by_category": by_category,
            "cases": changed_cases(a, b, system),
        }
    out["only_in_a"] = [s for s in a["systems"] if s not in b["systems"]]
    out["only_in_b"] = [s for s in b["systems"] if s not in a["systems"]]
    return out


def render_comparison(comparison: dict, label_a: str = "A", label_b: str = "B") -> str:
    """Return the comparison as terminal text."""
    out = [f"A = {label_a}", f"B = {label_b}", ""]
    if comparison["settings"]:
        out.append("Settings that differ:")
        out += [f"  {s['name']}: {s['a']!r} -> {s['b']!r}" for s in comparison["settings"]]
    else:
        out.append("Settings: identical.")
    for name in ("only_in_a", "only_in_b"):
        if comparison[name]:
            out.append(f"Systems only in {name[-1].upper()}: {', '.join(comparison[name])}")
    for system, data in comparison["systems"].items():
        out += ["", f"== {system} =="]
        rows = [
            [BY_KEY[r["metric"]].label, fmt(r["metric"], r["a"]), fmt(r["metric"], r["b"]),
             "" if r["delta"] is None else f"{r['delta']:+.1f}" if r["metric"].endswith("_ms") else f"{r['delta']:+.3f}",
             r["verdict"]]
            for r in data["overall"]
        ]
        out.append(text_table(["metric", "A", "B", "delta", ""], rows))
        if data["by_category"]:
            out.append("Categories that moved:")
            for category, moved in data["by_category"].items():
                parts = [f"{BY_KEY[r['metric']].label} {fmt(r['metric'], r['a'])} -> {fmt(r['metric'], r['b'])}" for r in moved]
                out.append(f"  {category}: " + "; ".join(parts))
        cases = data["cases"]
        out.append(f"Cases that changed: {len(cases['changed'])}")
        out += [f"  {c['id']} ({c['category']}): " + "; ".join(c["changes"]) for c in cases["changed"]]
        if cases["answer_text_only"]:
            out.append(f"  {len(cases['answer_text_only'])} more with a different answer text but the same metrics")
        for key, label in (("only_in_a", "A"), ("only_in_b", "B")):
            if cases[key]:
                out.append(f"  cases only in {label}: {', '.join(cases[key])}")
    return "\n".join(out)
