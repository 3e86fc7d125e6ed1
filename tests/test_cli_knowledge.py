"""`assistant ingest`, `search`, `sources` and `remove` through click's CliRunner, with fake embeddings."""

import json

import pytest
from click.testing import CliRunner

from assistant.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def built(cli_settings):
    """A knowledge base built through the CLI from the small knowledge dir."""
    result = run("ingest")
    assert result.exit_code == 0, result.output
    return cli_settings


def test_ingest_builds_then_is_idempotent(cli_settings):
    first = run("ingest")
    assert first.exit_code == 0, first.output
    assert "4 files in the knowledge base from these paths (4 added" in first.stdout
    assert "added    knowledge/guide/handbook.md" in first.stdout
    again = run("ingest")
    assert again.exit_code == 0
    assert "(0 added, 0 updated, 4 unchanged, 0 removed, 0 skipped); 0 chunks written, 0 deleted." in again.stdout
    assert cli_settings.data_dir.is_dir()


def _without_chroma(monkeypatch):
    """Make any import of chromadb (or the embedding model) fail, as a command that needs none would never notice."""
    import sys

    for name in [m for m in sys.modules if m == "chromadb" or m.startswith("chromadb.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "chromadb", None)


def test_an_unchanged_reingest_opens_no_chroma_store(built, monkeypatch):
    _without_chroma(monkeypatch)
    again = run("ingest")
    assert again.exit_code == 0, again.output
    assert "(0 added, 0 updated, 4 unchanged, 0 removed, 0 skipped); 0 chunks written, 0 deleted." in again.stdout


def test_a_changed_or_removed_file_is_ingested_in_full_despite_the_manifest_copy(built):
    guide = built.knowledge_dir / "guide" / "handbook.md"
    guide.write_text(guide.read_text() + "\n## Exit\n\nPlan the exit before signing.\n")
    changed = run("ingest")
    assert changed.exit_code == 0, changed.output
    assert "1 updated" in changed.stdout and "updated  knowledge/guide/handbook.md" in changed.stdout
    guide.unlink()
    removed = run("ingest")
    assert "1 removed" in removed.stdout, removed.stdout
    assert "knowledge/guide/handbook.md" not in json.loads(built.manifest_path.read_text())["sources"]


def test_a_store_without_a_manifest_copy_gets_one_and_a_lost_copy_is_never_trusted(built, monkeypatch):
    built.manifest_path.unlink()  # a store built before the copy existed, or a crash mid-commit
    again = run("ingest")
    assert again.exit_code == 0 and "4 unchanged" in again.stdout, again.output
    assert built.manifest_path.exists()
    # A copy that disagrees with the files is never taken at its word: the store's manifest decides.
    import assistant.knowledge.ingest as ingesting

    full = []
    original = ingesting.ingest
    monkeypatch.setattr(ingesting, "ingest", lambda *a, **k: full.append(1) or original(*a, **k))
    copy = json.loads(built.manifest_path.read_text())
    copy["sources"].pop("knowledge/guide/handbook.md")
    built.manifest_path.write_text(json.dumps(copy))
    result = run("ingest")
    assert result.exit_code == 0 and "4 unchanged" in result.stdout and full == [1], result.output
    run("ingest")
    assert full == [1], "an unchanged ingest with a good copy opens no store"


def test_ingest_mixed_paths_reports_one_line_per_bad_file(cli_settings, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "policy.md").write_text("# Policy\n\nOutsource only non-core work.\n")
    (folder / "empty.txt").write_text("")
    (folder / "deck.pptx").write_bytes(b"PK\x03\x04")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "huge.md").write_text("# Huge\n\n" + "x " * 60_000)
    result = CliRunner(env={"ASSISTANT_MAX_UPLOAD_MB": "0.1"}).invoke(main, ["ingest", str(folder)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 4, result.stderr
    reasons = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line.split(": ", 1)[1] for line in lines}
    assert all(line.startswith("skipped  ") for line in lines)
    assert reasons["empty.txt"] == "the file is empty"
    assert reasons["deck.pptx"].startswith("unsupported file type .pptx")
    assert reasons["broken.pdf"].startswith("not a readable PDF")
    assert reasons["huge.md"] == "too large (0.12 MB; the limit is 0.10 MB)"
    assert "1 added" in result.stdout and "4 skipped" in result.stdout
    assert "Traceback" not in result.output


def test_ingest_of_only_bad_files_fails(cli_settings, tmp_path):
    (tmp_path / "a.exe").write_bytes(b"MZ")
    (tmp_path / "b.md").write_text("")
    result = run("ingest", str(tmp_path / "a.exe"), str(tmp_path / "b.md"), str(tmp_path / "nope.docx"))
    assert result.exit_code == 1
    assert "nothing could be read from the given paths" in result.stderr
    assert "nope.docx: no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def test_search_json_shape(built):
    result = run("search", "What are the risks of outsourcing?", "--k", "3", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert isinstance(hits, list) and len(hits) == 3
    for hit in hits:
        assert set(hit) >= {"id", "text", "source", "title", "section", "score"}
        assert all(isinstance(hit[key], str) for key in ("id", "text", "source", "title", "section"))
        assert isinstance(hit["score"], float)
    assert len({h["id"] for h in hits}) == 3


def test_search_filters_by_kind_and_prints_text(built):
    result = run("search", "support hours", "--kind", "vendor", "--json")
    assert result.exit_code == 0, result.output
    assert {h["metadata"]["kind"] for h in json.loads(result.stdout)} == {"vendor"}
    plain = run("search", "risks", "--k", "2", "--mode", "bm25")
    assert plain.exit_code == 0 and plain.stdout.startswith("[1] Outsourcing Handbook > Risks")


@pytest.mark.parametrize("question", ["", "   ", "\n\t "])
def test_empty_question_exits_2(built, question):
    result = run("search", question)
    assert result.exit_code == 2
    assert "Error: the question is empty" in result.stderr
    assert "Traceback" not in result.output


def test_overlong_question_is_cut_with_a_note(built):
    result = run("search", "risks of outsourcing " * 500, "--json")
    assert result.exit_code == 0, result.output
    assert "Note: the question was 10499 characters long; only the first 2000 were used" in result.stderr
    assert json.loads(result.stdout)


def test_missing_store_says_run_ingest(cli_settings):
    result = run("search", "risks", "--json")
    assert result.exit_code == 1
    assert "run `assistant ingest` first" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.output
    assert not cli_settings.data_dir.exists()  # searching never creates a store


def test_empty_store_says_run_ingest(cli_settings):
    assert run("remove", "anything").exit_code == 1  # nothing there yet
    cli_settings.store_dir.mkdir(parents=True)
    result = run("search", "risks")
    assert result.exit_code == 1 and "run `assistant ingest` first" in result.stderr


def test_unreachable_server_is_a_clear_error(cli_settings, monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", "http://127.0.0.1:9")
    from assistant.settings import get_settings

    get_settings.cache_clear()
    result = run("search", "risks")
    assert result.exit_code == 1
    assert "cannot reach the Chroma server at http://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.output


def test_sources_and_remove(built):
    listed = json.loads(run("sources", "--json").stdout)
    assert {row["source"] for row in listed} >= {"knowledge/guide/handbook.md", "knowledge/vendors/lotus-helpdesk.yaml"}
    assert run("remove", "knowledge/vendors/lotus-helpdesk.yaml").exit_code == 0
    listed = json.loads(run("sources", "--json").stdout)
    assert "knowledge/vendors/lotus-helpdesk.yaml" not in {row["source"] for row in listed}
