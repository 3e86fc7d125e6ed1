"""Comparing two results.json files."""

import json

import pytest

from assistant.evaluation.compare import ResultsError, compare, load_results, render_comparison
from assistant.evaluation.runner import summaries


def row(case_id, refused=False, coverage=1.0, hit=1.0, answer="Costs fall. [1]", latency=100.0, category="benefits"):
    metrics = {"refusal_correct": 0.0 if refused else 1.0, "answered": 0.0 if refused else 1.0,
               "retrieval_hit": hit, "retrieval_rr": hit, "fact_coverage": None if refused else coverage}
    return {"id": case_id, "category": category, "split": "dev", "expect": "answer", "answer": answer,
            "refused": refused, "metrics": metrics, "details": {}, "latency_ms": latency, "error": None}


def results(rows, revision="aaa", backend="extractive"):
    return {"format": "assistant-eval/1", "git_revision": revision, "dataset": {"path": "cases", "cases": len(rows)},
            "settings": {"top_k": 5}, "systems": {"default": {"config": {"backend": backend}, "summary": summaries(rows), "cases": rows}}}


@pytest.fixture
def two_runs(tmp_path):
    a = results([row("c1"), row("c2", coverage=0.5), row("c3"), row("c4", answer="Old text. [1]"), row("gone")])
    b = results([row("c1"), row("c2", coverage=1.0), row("c3", refused=True, hit=0.0), row("c4", answer="New text. [1]"),
                 row("new")], revision="bbb", backend="openai:llama3")
    pa, pb = tmp_path / "a.json", tmp_path / "b.json"
    pa.write_text(json.dumps(a))
    pb.write_text(json.dumps(b))
    return pa, pb


def test_compare_lists_settings_metric_deltas_and_changed_cases(two_runs):
    comparison = compare(*(load_results(p) for p in two_runs))
    settings = {s["name"]: (s["a"], s["b"]) for s in comparison["settings"]}
    assert settings["git_revision"] == ("aaa", "bbb")
    assert settings["systems.default.backend"] == ("extractive", "openai:llama3")
    overall = {r["metric"]: r for r in comparison["systems"]["default"]["overall"]}
    assert overall["refusal_accuracy"]["delta"] == pytest.approx(-0.2) and overall["refusal_accuracy"]["verdict"] == "worse"
    # Only answered cases count: 4.5/5 in A, 4/4 in B (c3 was refused).
    assert (overall["fact_coverage"]["a"], overall["fact_coverage"]["b"]) == (0.9, 1.0)
    assert overall["fact_coverage"]["verdict"] == "better"
    cases = comparison["systems"]["default"]["cases"]
    changed = {c["id"]: c["changes"] for c in cases["changed"]}
    assert set(changed) == {"c2", "c3"}
    assert "fact coverage 0.500 -> 1.000 (better)" in changed["c2"]
    assert "refused False -> True" in changed["c3"] and "retrieval hit 1.000 -> 0.000 (worse)" in changed["c3"]
    assert cases["answer_text_only"] == ["c4"]
    assert cases["only_in_a"] == ["gone"] and cases["only_in_b"] == ["new"]


def test_render_comparison_is_readable(two_runs):
    text = render_comparison(compare(*(load_results(p) for p in two_runs)), "a.json", "b.json")
    assert "git_revision: 'aaa' -> 'bbb'" in text
    assert "refusal accuracy" in text and "worse" in text
    assert "c3 (benefits): refused False -> True" in text
    assert "1 more with a different answer text" in text


def test_latency_lower_is_better(tmp_path):
    a = results([row("c1", latency=200.0)])
    b = results([row("c1", latency=100.0)])
    overall = {r["metric"]: r for r in compare(a, b)["systems"]["default"]["overall"]}
    assert overall["latency_p50_ms"]["verdict"] == "better"


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"hello": 1}', "not an eval results file"),
    ('{"systems": {"default": {"summary": {}}}}', "has no summary or cases"),
])
def test_bad_results_files_raise_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ResultsError, match=message):
        load_results(path)


def test_missing_results_file(tmp_path):
    with pytest.raises(ResultsError, match="cannot read"):
        load_results(tmp_path / "missing.json")
