"""Loading golden cases from JSONL: validation, line errors, unknown fields, folders."""

import json

import pytest

from assistant.answering.models import Turn
from assistant.evaluation.dataset import DatasetError, load_dataset, select_split
from assistant.settings import PROJECT_ROOT


def write_lines(path, lines):
    path.write_text("\n".join(l if isinstance(l, str) else json.dumps(l) for l in lines) + "\n", encoding="utf-8")
    return path


def test_full_case_is_parsed_and_unknown_fields_are_kept(tmp_path):
    path = write_lines(tmp_path / "cases.jsonl", [{
        "id": "c1", "question": "And its risks?", "category": "followup", "split": "test",
        "history": [{"role": "user", "content": "What is cloud outsourcing?"}, {"role": "assistant", "content": "Hosting."}],
        "expected_sources": ["hosting"], "must_include": [["risk", "risks"], "control"], "must_not_include": ["Paris"],
        "expect": "answer", "owner": "team-a", "notes": {"why": "pronoun"},
    }])
    cases, errors = load_dataset(path)
    assert errors == []
    (case,) = cases
    assert case.history == [Turn("user", "What is cloud outsourcing?"), Turn("assistant", "Hosting.")]
    assert case.must_include == [["risk", "risks"], ["control"]]  # a bare string is a one-option group
    assert (case.category, case.split, case.expect) == ("followup", "test", "answer")
    assert case.extra == {"owner": "team-a", "notes": {"why": "pronoun"}}
    assert case.origin == "cases.jsonl:1"


def test_defaults_for_optional_fields(tmp_path):
    cases, _ = load_dataset(write_lines(tmp_path / "c.jsonl", [{"id": "x", "question": "What is IT outsourcing?"}]))
    case = cases[0]
    assert case.expect == "answer" and case.category == "uncategorised" and case.split == "dev"
    assert case.history == [] and case.expected_sources == [] and case.must_include == [] and case.must_not_include == []


def test_malformed_lines_are_reported_with_their_number_and_the_rest_loads(tmp_path):
    path = write_lines(tmp_path / "c.jsonl", [
        {"id": "ok-1", "question": "Q1?"},
        '{"id": "broken", "question": ',
        "",
        {"id": "no-question"},
        {"id": "bad-expect", "question": "Q?", "expect": "maybe"},
        {"id": "bad-history", "question": "Q?", "history": [{"role": "system", "content": "x"}]},
        {"id": "bad-include", "question": "Q?", "must_include": [[]]},
        ["not", "an", "object"],
        {"id": "ok-1", "question": "Duplicate?"},
        {"id": "ok-2", "question": "Q2?", "expect": "refuse"},
    ])
    cases, errors = load_dataset(path)
    assert [c.id for c in cases] == ["ok-1", "ok-2"]
    assert [e.line for e in errors] == [2, 4, 5, 6, 7, 8, 9]
    text = [str(e) for e in errors]
    assert text[0].endswith("c.jsonl:2: invalid JSON (Expecting value)")
    assert "question is required" in text[1]
    assert "expect must be" in text[2]
    assert "history item 1" in text[3]
    assert "must_include" in text[4]
    assert "JSON object" in text[5]
    assert "duplicate id 'ok-1' (first at c.jsonl:1)" in text[6]


def test_folder_loads_every_jsonl_file_in_order(tmp_path):
    write_lines(tmp_path / "b.jsonl", [{"id": "b1", "question": "B?", "split": "test"}])
    write_lines(tmp_path / "a.jsonl", [{"id": "a1", "question": "A?"}])
    (tmp_path / "notes.txt").write_text("not a dataset")
    cases, errors = load_dataset(tmp_path)
    assert [c.id for c in cases] == ["a1", "b1"] and not errors
    assert [c.id for c in select_split(cases, "test")] == ["b1"]
    assert len(select_split(cases, "all")) == 2


def test_missing_path_and_empty_folder_are_dataset_errors(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        load_dataset(tmp_path / "nope.jsonl")
    with pytest.raises(DatasetError, match="no .jsonl files"):
        load_dataset(tmp_path)


def test_the_committed_golden_set_loads_cleanly():
    cases, errors = load_dataset(PROJECT_ROOT / "evals" / "cases")
    assert errors == [], [str(e) for e in errors]
    assert len(cases) >= 90
    assert {c.expect for c in cases} == {"answer", "refuse"}
