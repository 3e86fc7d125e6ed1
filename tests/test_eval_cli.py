"""`assistant eval` end to end on a tiny dataset with fake systems (fast, no model)."""

import json

import pytest
from click.testing import CliRunner

from assistant.answering.models import Answer
from assistant.cli import evaluate as evaluate_cli
from assistant.cli import main
from assistant.knowledge.retrieval import Hit

COSTS = Hit("h1", "Outsourcing reduces costs: you won't pay salaries, taxes and benefits.", "g.md", "Guide", "Cost Savings", 0.8)
CLOUD = Hit("h2", "Cloud outsourcing covers hosting, data storage and backup.", "g.md", "Guide", "Cloud", 0.6)

CASES = [
    {"id": "t1", "question": "Does outsourcing cut costs?", "category": "benefits", "split": "dev",
     "expected_sources": ["pay salaries"], "must_include": [["costs"], ["salaries"]]},
    {"id": "t2", "question": "What is cloud outsourcing?", "category": "types", "split": "test",
     "expected_sources": ["data storage"], "must_include": [["hosting"]], "owner": "team-a"},
    {"id": "t3", "question": "What is the capital of France?", "category": "out-of-scope", "split": "dev",
     "expect": "refuse", "must_not_include": ["Paris"]},
]


class FakeSystem:
    """Cites the costs passage for everything except 'capital' questions."""

    k = 2

    def __init__(self, name: str, refuse: bool = True):
        self.name, self.refuse = name, refuse

    def answer(self, question, history):
        if self.refuse and "capital" in question:
            return Answer("I can only answer questions about IT outsourcing.", [], True, self.name, question)
        return Answer("You won't pay salaries, taxes and benefits, so costs fall. [1]", [COSTS], False, self.name, question)

    def ranking(self, question, answer):
        return [CLOUD, COSTS]

    def describe(self):
        return {"backend": self.name, "retrieval": "fake", "k": self.k}


@pytest.fixture
def dataset(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in CASES) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def fake_systems(monkeypatch, isolated_env):
    built = {}

    def build(settings, backend_spec, baselines):
        built["args"] = (backend_spec, baselines)
        return [FakeSystem("default")] + ([FakeSystem("naive", refuse=False)] if baselines else [])

    monkeypatch.setattr(evaluate_cli, "build_systems", build)
    return built


def run(*args):
    return CliRunner().invoke(main, ["eval", *map(str, args)])


def test_eval_prints_a_table_and_writes_report_json_and_chart(dataset, fake_systems, tmp_path):
    out = tmp_path / "run"
    result = run("--dataset", dataset, "--out", out, "--backend", "extractive")
    assert result.exit_code == 0, result.output
    assert fake_systems["args"] == ("extractive", True)
    assert "retrieval hit@k" in result.stdout and "naive" in result.stdout and "default by category" in result.stdout
    data = json.loads((out / "results.json").read_text())
    assert set(data["systems"]) == {"default", "naive"}
    assert data["git_revision"] and data["settings"]["support_threshold"] == 0.5
    rows = {r["id"]: r for r in data["systems"]["default"]["cases"]}
    assert rows["t3"]["refused"] and rows["t2"]["extra"] == {"owner": "team-a"}
    assert {"question", "answer", "refused", "sources", "metrics", "latency_ms"} <= set(rows["t1"])
    overall = data["systems"]["default"]["summary"]["overall"]
    assert overall["refusal_accuracy"] == 1.0 and overall["retrieval_hit@k"] == 1.0 and overall["retrieval_mrr"] == 0.75
    assert data["systems"]["naive"]["summary"]["overall"]["safety"] == 1.0  # the answer does not say Paris
    report = (out / "report.md").read_text()
    assert "## Overall" in report and "SUPPORT_THRESHOLD = 0.5" in report and "### default" in report
    assert "`t2` (types)" in report  # fails fact coverage: 'hosting' is missing
    assert (out / "metrics.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_json_output_split_filter_and_no_baselines(dataset, fake_systems, tmp_path):
    result = run("--dataset", dataset, "--out", tmp_path / "r", "--json", "--split", "dev", "--no-baselines")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert list(payload["systems"]) == ["default"]
    assert payload["systems"]["default"]["overall"]["cases"] == 2
    assert list(payload["systems"]["default"]["by_split"]) == ["dev"]


def test_check_fails_listing_each_metric_below_its_threshold(dataset, fake_systems, tmp_path):
    thresholds = tmp_path / "thresholds.json"
    thresholds.write_text(json.dumps({"_note": "test", "fact_coverage": 0.9, "refusal_accuracy": 1.0, "retrieval_mrr": 0.8}))
    result = run("--dataset", dataset, "--out", tmp_path / "r", "--no-baselines", "--check", thresholds)
    assert result.exit_code == 1
    assert "below threshold: fact_coverage: 0.500 is below the threshold 0.9" in result.stderr
    assert "below threshold: retrieval_mrr: 0.750 is below the threshold 0.8" in result.stderr
    assert "refusal_accuracy" not in result.stderr
    thresholds.write_text(json.dumps({"fact_coverage": 0.5, "refusal_accuracy": 1.0}))
    result = run("--dataset", dataset, "--out", tmp_path / "r2", "--no-baselines", "--check", thresholds)
    assert result.exit_code == 0 and "All 2 thresholds" in result.stderr


def test_malformed_line_is_reported_and_the_run_continues(dataset, fake_systems, tmp_path):
    dataset.write_text(dataset.read_text() + '{"id": "broken"\n', encoding="utf-8")
    result = run("--dataset", dataset, "--out", tmp_path / "r", "--no-baselines")
    assert result.exit_code == 0
    assert f"skipped line {dataset}:4: invalid JSON" in result.stderr
    data = json.loads((tmp_path / "r" / "results.json").read_text())
    assert data["dataset"]["cases"] == 3 and len(data["dataset"]["line_errors"]) == 1


def test_compare_two_runs(dataset, fake_systems, tmp_path):
    assert run("--dataset", dataset, "--out", tmp_path / "a", "--no-baselines").exit_code == 0
    assert run("--dataset", dataset, "--out", tmp_path / "b").exit_code == 0
    result = run("--compare", tmp_path / "a" / "results.json", tmp_path / "b" / "results.json")
    assert result.exit_code == 0, result.output
    assert "== default ==" in result.stdout and "Cases that changed: 0" in result.stdout
    assert "Systems only in B: naive" in result.stdout
    result = run("--compare", tmp_path / "a" / "results.json", tmp_path / "b" / "results.json", "--json")
    assert json.loads(result.stdout)["only_in_b"] == ["naive"]


@pytest.mark.parametrize("setup, args, message", [
    (None, ["--dataset", "{tmp}/missing.jsonl"], "does not exist"),
    ("", ["--dataset", "{tmp}/empty.jsonl"], "no usable cases"),
    (None, ["--dataset", "{dataset}", "--split", "holdout"], "no usable cases in split 'holdout'"),
    ("{broken", ["--compare", "{tmp}/empty.jsonl", "{tmp}/empty.jsonl"], "is not valid JSON"),
    ("[1, 2]", ["--dataset", "{dataset}", "--check", "{tmp}/empty.jsonl"], "must be a JSON object"),
    (None, ["--dataset", "{dataset}", "--check", "{tmp}/missing.json"], "cannot read thresholds"),
])
def test_bad_input_gets_one_line_error_and_exit_2(dataset, fake_systems, tmp_path, setup, args, message):
    if setup is not None:
        (tmp_path / "empty.jsonl").write_text(setup)
    result = run(*[a.format(tmp=tmp_path, dataset=dataset) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
    assert "args" not in fake_systems  # failed before building anything
