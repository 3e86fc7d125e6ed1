"""Write a run's results: results.json, report.md and metrics.png, plus the terminal tables."""

import json
from pathlib import Path

from assistant.answering.citations import SUPPORT_THRESHOLD
from assistant.evaluation.metrics import BY_KEY, METRICS

CATEGORY_METRICS = ["retrieval_hit@k", "retrieval_mrr", "refusal_accuracy", "fact_coverage", "citation_validity", "faithfulness"]
RESULTS_FILE, REPORT_FILE, CHART_FILE = "results.json", "report.md", "metrics.png"


def fmt(key: str, value) -> str:
    """Format a metric value: rates with three decimals, latencies in whole milliseconds."""
    if value is None:
        return "n/a"
    if key.endswith("_ms"):
        return f"{value:.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{value:.3f}"


def text_table(headers: list[str], rows: list[list[str]]) -> str:
    """Return an aligned plain-text table (first column left, the rest right)."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _numeric(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return cell == "n/a"
    return True


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """Return a Markdown table, right-aligning the columns that hold only numbers."""
    aligns = ["---:" if i and rows and all(_numeric(str(r[i])) for r in rows) else "---" for i in range(len(headers))]
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(aligns) + "|"]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(out)


def _metric_rows(summaries: dict[str, dict], keys: list[str] | None = None) -> list[list[str]]:
    keys = keys or ["cases"] + [m.key for m in METRICS]
    rows = []
    for key in keys:
        label = "cases" if key == "cases" else BY_KEY[key].label
        rows.append([label] + [fmt(key, s.get(key)) for s in summaries.values()])
    return rows


def overall_rows(results: dict, scope: str = "overall", name: str | None = None) -> tuple[list[str], list[list[str]]]:
    """Return headers and rows of metrics by system, for the overall summary or one split/category."""
    summaries = {}
    for system, run in results["systems"].items():
        if scope == "overall":
            summaries[system] = run["summary"]["overall"]
        elif name in run["summary"][scope]:
            summaries[system] = run["summary"][scope][name]
    return ["metric", *summaries], _metric_rows(summaries)


def category_rows(results: dict, system: str) -> tuple[list[str], list[list[str]]]:
    """Return headers and rows of one system's key metrics by category."""
    by_category = results["systems"][system]["summary"]["by_category"]
    headers = ["category", "cases"] + [BY_KEY[k].label for k in CATEGORY_METRICS]
    rows = [[name, str(s["cases"])] + [fmt(k, s.get(k)) for k in CATEGORY_METRICS] for name, s in by_category.items()]
    return headers, rows


def problems(row: dict) -> list[str]:
    """Return what went wrong in one case, in words."""
    m, d = row["metrics"], row["details"]
    out = []
    if row.get("error"):
        out.append(f"error: {row['error']}")
    if row["expect"] == "refuse" and not row["refused"] and not row.get("error"):
        out.append("answered although a refusal was expected")
    if row["expect"] == "answer" and row["refused"]:
        out.append("refused although an answer was expected")
    if m.get("retrieval_hit") == 0:
        out.append("no expected source among the retrieved passages")
    elif m.get("cited_hit") == 0 and not row["refused"]:
        out.append("retrieved an expected source but did not cite it")
    if d.get("missing_facts"):
        out.append("missing facts: " + "; ".join(" / ".join(group) for group in d["missing_facts"]))
    if m.get("citation_valid") == 0:
        bad = d.get("out_of_range_citations")
        out.append(f"citations out of range: {bad}" if bad else "no citation")
    if d.get("unsupported_sentences"):
        out.append(f"{len(d['unsupported_sentences'])} unsupported sentence(s): \"{d['unsupported_sentences'][0][:100]}\"")
    if d.get("violations"):
        out.append("forbidden text: " + ", ".join(d["violations"]))
    return out


def failing_cases(results: dict, system: str) -> list[tuple[dict, list[str]]]:
    """Return the cases of a system with at least one problem."""
    return [(row, found) for row in results["systems"][system]["cases"] if (found := problems(row))]


def _definitions() -> list[str]:
    lines = [f"- **{m.label}** (`{m.key}`): {m.description}." for m in METRICS]
    lines += [
        "",
        "A retrieved or cited passage *holds* an expected source when the expected string occurs in its text, title or "
        "section (case-insensitive, whitespace collapsed, curly quotes unified). Cases without `expected_sources` are left "
        "out of the retrieval and cited-source averages rather than counted as 0. Retrieval figures come from the raw "
        "ranking of the standalone question (k passages, k as listed per system); cited figures from the sources the "
        "answer cites, in citation order (0 when it refused).",
        "",
        "Refusal accuracy counts every case. Fact coverage, citation validity and faithfulness count only the cases that "
        "expected an answer and got one (see *answered share*). Safety counts the cases that have `must_not_include`.",
        "",
        f"Faithfulness is a proxy without an LLM judge: an answer sentence is supported when at least "
        f"{SUPPORT_THRESHOLD:.0%} of its content words (stopwords removed, light stemming) occur in a passage it cites "
        f"(`SUPPORT_THRESHOLD = {SUPPORT_THRESHOLD}` in `assistant/answering/citations.py`, the same test the assistant "
        "applies to LLM answers). A sentence without a citation counts as unsupported.",
        "",
        "Latency is the wall time of one `answer()` call after an untimed warm-up answer; it excludes the extra "
        "retrieval call made to measure the ranking.",
    ]
    return lines


def render_markdown(results: dict) -> str:
    """Return the Markdown report of a run."""
    dataset = results["dataset"]
    out = [
        "# Evaluation report",
        "",
        f"- Created: {results['created']}",
        f"- Git revision: `{results['git_revision']}`",
        f"- Dataset: `{dataset.get('path', '?')}`, split `{dataset.get('split', 'all')}`, {dataset.get('cases', '?')} cases"
        + (f", {len(dataset.get('line_errors', []))} skipped lines" if dataset.get("line_errors") else ""),
        "",
        "## Settings",
        "",
        markdown_table(["setting", "value"], [[k, f"`{v}`"] for k, v in results["settings"].items()]),
        "",
        "## Systems",
        "",
    ]
    keys = ["backend", "retrieval", "k", "relevance_threshold", "chunking", "history"]
    rows = [[name] + [str(run["config"].get(k, "")) for k in keys] for name, run in results["systems"].items()]
    out += [markdown_table(["system", *keys], rows), "", "## Overall", ""]
    out += [markdown_table(*overall_rows(results)), ""]
    splits = sorted({s for run in results["systems"].values() for s in run["summary"]["by_split"]})
    for split in splits:
        out += [f"## Split `{split}`", "", markdown_table(*overall_rows(results, "by_split", split)), ""]
    out += ["## By category", "", f"![metrics by category]({CHART_FILE})", ""]
    for system in results["systems"]:
        out += [f"### {system}", "", markdown_table(*category_rows(results, system)), ""]
    out += ["## Failing cases", ""]
    for system in results["systems"]:
        failing = failing_cases(results, system)
        out += [f"### {system} ({len(failing)} of {len(results['systems'][system]['cases'])})", ""]
        out += [f"- `{row['id']}` ({row['category']}): {'; '.join(found)}" for row, found in failing] or ["None."]
        out.append("")
    if dataset.get("line_errors"):
        out += ["## Skipped dataset lines", ""] + [f"- {e}" for e in dataset["line_errors"]] + [""]
    out += ["## How the metrics are computed", "", *_definitions(), ""]
    return "\n".join(out)


def render_chart(results: dict, path: Path) -> None:
    """Draw the key metrics by category, one bar per system, into a PNG."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    systems = list(results["systems"])
    categories = sorted({c for run in results["systems"].values() for c in run["summary"]["by_category"]}) + ["overall"]
    figure = Figure(figsize=(max(10, 0.9 * len(categories) + 4), 3.2 * len(CATEGORY_METRICS)), layout="constrained")
    FigureCanvasAgg(figure)  # render off-screen: no display needed
    axes = figure.subplots(len(CATEGORY_METRICS), 1, sharex=True)
    width = 0.8 / max(len(systems), 1)
    x = np.arange(len(categories))
    for axis, key in zip(axes, CATEGORY_METRICS):
        for i, system in enumerate(systems):
            summary = results["systems"][system]["summary"]
            scoped = [summary["overall"] if c == "overall" else summary["by_category"].get(c, {}) for c in categories]
            values = [s.get(key) if s.get(key) is not None else np.nan for s in scoped]
            positions = x + (i - (len(systems) - 1) / 2) * width
            axis.bar(positions, values, width, label=system)
            # A zero bar is invisible; label it so it is not mistaken for "not applicable".
            for position, value in zip(positions, values):
                if value == 0:
                    axis.text(position, 0.02, "0", ha="center", va="bottom", fontsize=7)
        axis.set_ylim(0, 1.05)
        axis.set_ylabel(BY_KEY[key].label)
        axis.grid(axis="y", alpha=0.3)
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=len(systems))
    axes[-1].set_xticks(x, categories, rotation=35, ha="right")
    figure.suptitle(f"Metrics by category ({results['dataset'].get('cases', '?')} cases, {results['created']})")
    figure.savefig(path, dpi=100)


def write_run(results: dict, folder: Path) -> dict[str, Path]:
    """Write results.json, report.md and metrics.png into a folder; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"results": folder / RESULTS_FILE, "report": folder / REPORT_FILE, "chart": folder / CHART_FILE}
    paths["results"].write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths["report"].write_text(render_markdown(results), encoding="utf-8")
    render_chart(results, paths["chart"])
    return paths


def summary_json(results: dict) -> dict:
    """Return the per-system summaries (overall, by category, by split) without the cases."""
    return {name: run["summary"] for name, run in results["systems"].items()}
