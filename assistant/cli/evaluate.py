"""The `assistant eval` command: score the assistant and its baselines on a golden set."""

import json
import sys
import time
from datetime import datetime
from pathlib import Path

import click

from assistant.cli.knowledge import fail, open_store
from assistant.settings import PROJECT_ROOT, get_settings

DEFAULT_DATASET = PROJECT_ROOT / "evals" / "cases"


def build_systems(settings, backend_spec: str | None, baselines: bool) -> list:
    """Create the default system and, if asked, the baselines; exit with a message on setup errors."""
    from assistant.answering.backends import BackendError, create_backend
    from assistant.embeddings import EmbeddingModelError
    from assistant.evaluation.baselines import baseline_systems
    from assistant.evaluation.runner import default_system
    from assistant.knowledge.retrieval import Retriever
    from assistant.knowledge.store import StoreError

    store = open_store(settings, must_exist=True)
    try:
        backend = create_backend(settings, backend_spec)
        retriever = Retriever(settings, store)
        retriever.refresh()
        systems = [default_system(settings, backend, retriever)]
        if baselines:
            systems += baseline_systems(settings, retriever)
        return systems
    except (BackendError, StoreError, EmbeddingModelError) as exc:
        fail(str(exc))


def load_thresholds(path: Path) -> dict[str, float]:
    """Read a thresholds file (metric -> minimum; keys starting with "_" are notes)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"cannot read thresholds {path}: {exc.strerror or exc}", code=2)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        fail(f"thresholds {path} is not valid JSON ({exc})", code=2)
    if not isinstance(data, dict):
        fail(f"thresholds {path} must be a JSON object of metric -> minimum", code=2)
    thresholds = {k: v for k, v in data.items() if not k.startswith("_")}
    bad = [k for k, v in thresholds.items() if isinstance(v, bool) or not isinstance(v, (int, float))]
    if bad:
        fail(f"thresholds {path}: {', '.join(bad)} must be numbers", code=2)
    return thresholds


def _compare(paths: tuple[Path, Path], as_json: bool) -> None:
    from assistant.evaluation.compare import ResultsError, compare, load_results, render_comparison

    try:
        a, b = (load_results(p) for p in paths)
    except ResultsError as exc:
        fail(str(exc), code=2)
    comparison = compare(a, b)
    if as_json:
        click.echo(json.dumps(comparison, ensure_ascii=False, indent=2))
    else:
        click.echo(render_comparison(comparison, str(paths[0]), str(paths[1])))


def _load_cases(dataset: Path, split: str):
    from assistant.evaluation.dataset import DatasetError, load_dataset, select_split

    try:
        cases, errors = load_dataset(dataset)
    except DatasetError as exc:
        fail(str(exc), code=2)
    for error in errors:
        click.echo(f"skipped line {error}", err=True)
    selected = select_split(cases, split)
    if not selected:
        where = f" in split {split!r}" if cases else ""
        fail(f"no usable cases{where} in {dataset}", code=2)
    return selected, errors


def _prepare_corpus(settings, corpus_path: Path, dataset: Path):
    """Build the corpus store; return its settings and the dataset to run (the corpus cases by default)."""
    from assistant.evaluation.corpus import CorpusError, corpus_settings, load_corpus, prepare_corpus

    try:
        corpus = load_corpus(corpus_path)
    except CorpusError as exc:
        fail(str(exc), code=2)
    settings = corpus_settings(settings, corpus)
    report = prepare_corpus(settings, corpus)
    for skipped in report.skipped:
        click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    return settings, corpus.cases if dataset == DEFAULT_DATASET else dataset


def _print_tables(results: dict) -> None:
    from assistant.evaluation.report import category_rows, overall_rows, text_table

    click.echo(text_table(*overall_rows(results)))
    default = next(iter(results["systems"]))
    click.echo(f"\n{default} by category:")
    click.echo(text_table(*category_rows(results, default)))


@click.command("eval")
@click.option("--dataset", type=click.Path(path_type=Path), default=DEFAULT_DATASET,
              help="A JSONL file or a folder of JSONL files.  [default: evals/cases]")
@click.option("--backend", "backend_spec", help='Answering backend (an ASSISTANT_LLM spec, e.g. "openai:llama3").')
@click.option("--baselines/--no-baselines", default=True, show_default=True,
              help="Also score BM25-only retrieval and the plain LangChain recipe.")
@click.option("--split", default="all", show_default=True, help="Run only the cases of this split: dev, test or all.")
@click.option("--json", "as_json", is_flag=True, help="Print the summaries (or the comparison) as JSON.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for report.md, results.json and metrics.png.  [default: <data dir>/evals/<timestamp>]")
@click.option("--compare", "compare_paths", nargs=2, type=click.Path(path_type=Path), metavar="A.json B.json",
              help="Compare two results.json files instead of running.")
@click.option("--corpus", "corpus_path", type=click.Path(path_type=Path, file_okay=False),
              help="An evaluation corpus folder (documents/ + cases.jsonl): ingested with the built-in knowledge "
              "into a store of its own under <data dir>/corpora/, then scored on its cases.")
@click.option("--check", "thresholds_path", type=click.Path(path_type=Path),
              help="Exit 1 if a summary metric of the default system is below its threshold in this JSON file.")
def eval_command(dataset: Path, backend_spec: str | None, baselines: bool, split: str, as_json: bool,
                 out_dir: Path | None, compare_paths: tuple[Path, Path] | None, thresholds_path: Path | None,
                 corpus_path: Path | None) -> None:
    """Score answers on a golden set: retrieval, refusals, facts, citations, faithfulness, latency."""
    if compare_paths:
        _compare(compare_paths, as_json)
        return
    thresholds = load_thresholds(thresholds_path) if thresholds_path else None
    settings = get_settings()
    if corpus_path:
        settings, dataset = _prepare_corpus(settings, corpus_path, dataset)
    cases, errors = _load_cases(dataset, split)
    systems = build_systems(settings, backend_spec, baselines)

    from assistant.evaluation.metrics import below_thresholds
    from assistant.evaluation.report import summary_json, write_run
    from assistant.evaluation.runner import evaluate

    started = {}

    def progress(name: str, done: int, total: int) -> None:
        started.setdefault(name, time.perf_counter())
        if done == total:
            click.echo(f"{name}: {total} cases in {time.perf_counter() - started[name]:.1f} s", err=True)

    info = {"path": str(dataset), "split": split, "cases": len(cases), "line_errors": [str(e) for e in errors]}
    try:
        results = evaluate(systems, cases, settings, info, progress)
    finally:
        for system in systems:
            getattr(system, "close", lambda: None)()
    folder = out_dir or settings.data_dir / "evals" / datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        paths = write_run(results, folder)
    except OSError as exc:
        fail(f"cannot write the report to {folder}: {exc.strerror or exc}")
    failures = below_thresholds(next(iter(results["systems"].values()))["summary"]["overall"], thresholds) if thresholds else []
    if as_json:
        payload = {"out": str(folder), "systems": summary_json(results)}
        if thresholds is not None:
            payload["check"] = {"thresholds": str(thresholds_path), "failures": failures}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_tables(results)
        click.echo(f"\nReport: {paths['report']}\nResults: {paths['results']}\nChart: {paths['chart']}")
    if thresholds is not None:
        for failure in failures:
            click.echo(f"below threshold: {failure}", err=True)
        if failures:
            sys.exit(1)
        click.echo(f"All {len(thresholds)} thresholds in {thresholds_path} are met.", err=True)


COMMANDS = [eval_command]
