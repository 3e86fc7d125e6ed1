"""Commands that build and search the knowledge base: ingest, search, sources, remove."""

import json
import sys
from pathlib import Path

import click

from assistant.settings import get_settings


def fail(message: str, code: int = 1) -> None:
    """Print an error without a traceback and exit non-zero."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def open_store(settings, must_exist: bool):
    """Open the store, or exit with a clear message when it is missing or unreachable."""
    from assistant.knowledge.store import Store, StoreError

    if must_exist and not settings.chroma_url and not settings.store_dir.exists():
        fail("no knowledge base found: run `assistant ingest` first")
    try:
        return Store(settings)
    except StoreError as exc:
        fail(str(exc))


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and problems.")
def ingest(paths: tuple[Path, ...], quiet: bool) -> None:
    """Ingest the built-in knowledge base, or the given files and folders (Markdown, text, PDF, DOCX, HTML)."""
    from assistant.knowledge.ingest import describe_planted, describe_secrets
    from assistant.knowledge.ingest import ingest as run_ingest
    from assistant.knowledge.ingest import unchanged_report

    settings = get_settings()
    # Nothing to do is known from the manifest copy and file hashes, without importing Chroma or the model.
    report = unchanged_report(settings, list(paths) or None)
    if report is None:
        from assistant.embeddings import EmbeddingModelError
        from assistant.knowledge.store import StoreError

        store = open_store(settings, must_exist=False)
        try:
            report = run_ingest(settings, list(paths) or None, store=store)
        except (EmbeddingModelError, StoreError) as exc:  # StoreError includes another writer holding the lock
            fail(str(exc))
    for result in report.files:
        if result.status == "skipped":
            click.echo(f"skipped  {result.source}: {result.reason}", err=True)
        elif not quiet and result.status != "unchanged":
            click.echo(f"{result.status:<8} {result.source} ({result.chunks} chunks)" if result.chunks else f"{result.status:<8} {result.source}")
        if result.secrets:
            # Always shown, even with --quiet: an admin must know a document held credentials.
            click.echo(f"redacted {result.source}: {len(result.secrets)} credential(s) not stored: "
                       f"{describe_secrets(result.secrets)}", err=True)
        if result.planted:
            click.echo(f"flagged  {result.source}: {describe_planted(result.planted)}", err=True)
    click.echo(
        f"{report.readable} files in the knowledge base from these paths "
        f"({report.count('added')} added, {report.count('updated')} updated, {report.count('unchanged')} unchanged, "
        f"{report.count('removed')} removed, {len(report.skipped)} skipped); "
        f"{report.written} chunks written, {report.deleted} deleted."
    )
    if report.readable == 0 and (paths or report.skipped):
        fail("nothing could be read from the given paths", code=1)


@click.command()
def prepare() -> None:
    """Make the derived model files if missing: the ONNX export questions are embedded with."""
    from assistant.embeddings import EmbeddingModelError, ONNX_FILE, export_onnx, onnx_export_dir

    settings = get_settings()
    try:
        folder = onnx_export_dir(settings.embedding_model, settings.model_cache_dir)
        if (folder / ONNX_FILE).exists():
            click.echo(f"ONNX export present: {folder / ONNX_FILE}")
            return
        click.echo(f"exported {export_onnx(settings.embedding_model, folder)}")
    except EmbeddingModelError as exc:
        fail(str(exc))
    except Exception as exc:  # questions then use sentence-transformers: slower to start, same answers
        fail(f"could not export the embedding model to ONNX ({exc}); set ASSISTANT_QUERY_EMBEDDING=torch")


@click.command()
@click.argument("question")
@click.option("--k", "k", type=click.IntRange(1, 50), default=None, help="Number of passages (default: settings).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of hits.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default="hybrid", show_default=True)
@click.option("--kind", type=click.Choice(["guide", "vendor", "practice", "document"]), help="Only this kind of document.")
def search(question: str, k: int | None, as_json: bool, mode: str, kind: str | None) -> None:
    """Print the passages that best match QUESTION."""
    from assistant.knowledge.retrieval import Retriever
    from assistant.knowledge.store import StoreError
    from assistant.queries import QueryError, clean_query

    settings = get_settings()
    try:
        query, notice = clean_query(question, settings.max_query_chars)
    except QueryError as exc:
        fail(str(exc), code=2)
    if notice:
        click.echo(f"Note: {notice}", err=True)
    store = open_store(settings, must_exist=True)
    try:
        hits = Retriever(settings, store).search(query, k=k, filters={"kind": kind} if kind else None, mode=mode)
    except StoreError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps([hit.public() for hit in hits], ensure_ascii=False, indent=2))
        return
    for n, hit in enumerate(hits, 1):
        click.secho(f"[{n}] {hit.title} > {hit.section}  (score {hit.score:.3f}, {hit.source})", bold=True)
        click.echo("    " + hit.text.replace("\n", "\n    ")[:600])


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sources(as_json: bool) -> None:
    """List the documents the knowledge base holds, with chunk counts."""
    settings = get_settings()
    manifest = open_store(settings, must_exist=True).load_manifest()
    rows = [
        {"source": name, "title": e.title, "kind": e.kind, "chunks": len(e.chunk_ids)}
        for name, e in sorted(manifest.sources.items())
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['kind']:<9} {row['chunks']:>4}  {row['source']}  ({row['title']})")
    click.echo(f"{len(rows)} documents, {sum(r['chunks'] for r in rows)} chunks")


@click.command()
@click.argument("source")
def remove(source: str) -> None:
    """Remove one document (as listed by `assistant sources`) from the knowledge base."""
    from assistant.knowledge.ingest import remove_source
    from assistant.knowledge.store import StoreError

    settings = get_settings()
    try:
        removed = remove_source(settings, source, open_store(settings, must_exist=True))
    except StoreError as exc:
        fail(str(exc))
    if not removed:
        fail(f"{source!r} is not in the knowledge base (see `assistant sources`)")
    click.echo(f"removed {source}")


COMMANDS = [prepare, ingest, search, sources, remove]
