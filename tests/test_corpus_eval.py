"""The regression gate on corpora no heuristic was written against: each test split meets its thresholds."""

import json

import pytest

from assistant.evaluation.corpus import all_corpora, corpus_settings, prepare_corpus
from assistant.evaluation.dataset import load_dataset, select_split
from assistant.evaluation.metrics import below_thresholds
from assistant.evaluation.runner import default_system, evaluate


def test_every_corpus_is_committed_with_documents_cases_and_thresholds():
    corpora = all_corpora()
    assert {c.name for c in corpora} >= {"fjordline", "public"}
    for corpus in corpora:
        cases, errors = load_dataset(corpus.cases)
        assert not errors, [str(e) for e in errors]
        assert len(cases) >= 40 and {c.split for c in cases} == {"dev", "test"}
        assert any(c.expect == "refuse" for c in cases) and any(c.history for c in cases)
        assert any(corpus.documents.iterdir()) and corpus.thresholds.exists()


@pytest.mark.model
@pytest.mark.parametrize("corpus", all_corpora(), ids=lambda c: c.name)
def test_test_split_meets_the_committed_thresholds(corpus, real_settings):
    settings = corpus_settings(real_settings, corpus)
    report = prepare_corpus(settings, corpus)
    assert not report.skipped, [f"{f.source}: {f.reason}" for f in report.skipped]
    cases, _ = load_dataset(corpus.cases)
    results = evaluate([default_system(settings)], select_split(cases, "test"), settings, {"path": str(corpus.cases)})
    summary = results["systems"]["default"]["summary"]["overall"]
    failures = below_thresholds(summary, json.loads(corpus.thresholds.read_text(encoding="utf-8")))
    measured = {k: round(v, 3) for k, v in summary.items() if isinstance(v, float)}
    assert not failures, f"{corpus.name} test split regression:\n" + "\n".join(failures) + f"\nmeasured: {measured}"


def test_questions_added_later_in_their_own_file_are_read_with_the_frozen_ones(tmp_path):
    from assistant.evaluation.corpus import CorpusError, load_corpus

    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "policy.md").write_text("# Policy\n\nVendors are approved by the CIO.\n")
    (tmp_path / "thresholds.json").write_text("{}")
    with pytest.raises(CorpusError, match="cases.jsonl"):
        load_corpus(tmp_path)
    line = lambda i, split: json.dumps({"id": f"c-{i}", "question": "Who approves vendors?", "split": split}) + "\n"
    (tmp_path / "cases.jsonl").write_text(line(1, "test"))
    (tmp_path / "cases-more.jsonl").write_text(line(2, "dev"))
    cases, errors = load_dataset(load_corpus(tmp_path).cases)
    assert not errors and sorted(c.id for c in cases) == ["c-1", "c-2"]
