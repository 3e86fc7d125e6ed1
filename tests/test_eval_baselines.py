"""The baselines and the runner, with fake embeddings and fake systems (no real model)."""

from types import SimpleNamespace

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.answering.models import Answer, Turn
from assistant.evaluation.baselines import NaiveLangChain, recursive_split, split_documents
from assistant.evaluation.dataset import Case
from assistant.evaluation.runner import run_case, run_system
from assistant.knowledge.retrieval import Hit
from assistant.knowledge.store import Manifest, SourceEntry
from assistant.settings import Settings

VENDOR_YAML = """\
id: test-vendor
name: Test Vendor
summary: A fictional vendor used only by the tests of the evaluation harness.
services: [cloud]
delivery_models: [nearshore]
locations: [{city: Lisbon, country: Portugal, region: Europe, timezone: UTC+0}]
languages: [English, Portuguese]
team_size: 40
engagement_models: [managed_service]
pricing_model: per user per month
rate_range: {min_hourly: 40, max_hourly: 80}
support_hours: 24/7
"""


def test_recursive_split_respects_size_and_overlaps():
    paragraph = " ".join(f"word{i}" for i in range(150))  # about 1,000 characters
    text = "\n\n".join([paragraph] * 4)
    chunks = recursive_split(text, 1000, 200)
    assert len(chunks) >= 4
    assert all(len(c) <= 1000 for c in chunks)
    # Consecutive chunks of one long paragraph share words (the 200-character overlap).
    long = recursive_split(" ".join(f"w{i}" for i in range(600)), 1000, 200)
    assert all(set(a.split()[-5:]) & set(b.split()) for a, b in zip(long, long[1:]))


def test_recursive_split_keeps_short_text_whole():
    assert recursive_split("Short text.\n\nSecond paragraph.", 1000, 200) == ["Short text.\n\nSecond paragraph."]


def _fake_store(tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text(
        "# Guide\n\nRecommend that you also read – How to Make Money on TikTok?\n\n## Benefits\n\n"
        "Outsourcing reduces costs. It gives access to specialists. It improves flexibility. It lowers risk.\n",
        encoding="utf-8",
    )
    vendor = tmp_path / "test-vendor.yaml"
    vendor.write_text(VENDOR_YAML, encoding="utf-8")
    manifest = Manifest("g", {
        "knowledge/guide/guide.md": SourceEntry("h1", "Guide", "guide", [], str(guide)),
        "knowledge/vendors/test-vendor.yaml": SourceEntry("h2", "Test Vendor", "vendor", [], str(vendor)),
        "knowledge/gone.md": SourceEntry("h3", "Gone", "document", [], str(tmp_path / "gone.md")),
    })
    return SimpleNamespace(load_manifest=lambda: manifest)


def test_naive_langchain_answers_from_the_top_passage_and_never_refuses(tmp_path):
    naive = NaiveLangChain(Settings(data_dir=tmp_path), _fake_store(tmp_path), DeterministicFakeEmbedding(size=32))
    try:
        assert naive.chunk_count == 2  # the missing file is skipped; vendor rendered to prose
        answer = naive.answer("What is the capital of France?", [Turn("user", "ignored")])
        assert not answer.refused and len(answer.sources) == 1
        assert answer.answer.count("[1]") >= 1 and "[2]" not in answer.answer
        ranking = naive.ranking("What is the capital of France?", answer)
        assert 1 <= len(ranking) <= naive.k == 4
        texts = " ".join(h.text for h in ranking)
        assert "Test Vendor support hours: 24/7" in texts  # rendered with render_vendor
        assert "Recommend that you also read" in texts  # the newcomer does not strip boilerplate
        assert naive.describe()["k"] == 4 and naive.describe()["relevance_threshold"] is None
    finally:
        naive.close()


def test_split_documents_reports_which_splitter_ran():
    from langchain_core.documents import Document

    chunks, name = split_documents([Document(page_content=("a " * 900).strip(), metadata={"source": "s"})])
    assert "RecursiveCharacterTextSplitter" in name
    assert len(chunks) == 2 and all(c.metadata == {"source": "s"} for c in chunks)


COSTS = Hit("h1", "Outsourcing reduces costs because you won't pay salaries.", "g.md", "Guide", "Cost Savings", 0.8)


class FakeSystem:
    """Answers one question, refuses 'capital' questions and crashes on 'boom'."""

    name, k = "fake", 3

    def __init__(self):
        self.calls = 0

    def answer(self, question: str, history: list[Turn]) -> Answer:
        self.calls += 1
        if "boom" in question:
            raise RuntimeError("backend exploded")
        if "capital" in question:
            return Answer("I can only answer questions about IT outsourcing.", [], True, "fake", question)
        return Answer("Outsourcing reduces costs. [1]", [COSTS], False, "fake", question)

    def ranking(self, question: str, answer: Answer) -> list[Hit]:
        return [COSTS]

    def describe(self) -> dict:
        return {"backend": "fake", "k": self.k}


def test_run_system_warms_up_times_and_scores_every_case():
    cases = [
        Case("a", "Does outsourcing cut costs?", expected_sources=["pay salaries"], must_include=[["costs"]], category="benefits"),
        Case("r", "What is the capital of France?", expect="refuse", must_not_include=["Paris"], category="oos", split="test"),
        Case("e", "boom", category="oos"),
    ]
    system = FakeSystem()
    run = run_system(system, cases)
    assert system.calls == 4  # one untimed warm-up
    rows = {r["id"]: r for r in run["cases"]}
    assert rows["a"]["metrics"]["fact_coverage"] == 1.0 and rows["a"]["latency_ms"] >= 0
    assert rows["a"]["retrieved"][0]["matches_expected"] is True
    assert rows["r"]["refused"] and rows["r"]["metrics"]["refusal_correct"] == 1.0
    assert rows["e"]["error"] == "RuntimeError: backend exploded" and rows["e"]["latency_ms"] is None
    overall = run["summary"]["overall"]
    assert overall["errors"] == 1 and overall["refusal_accuracy"] == pytest.approx(2 / 3)
    assert set(run["summary"]["by_category"]) == {"benefits", "oos"}
    assert set(run["summary"]["by_split"]) == {"dev", "test"}
    assert run["config"] == {"backend": "fake", "k": 3}


def test_run_case_keeps_unknown_fields_and_history():
    case = Case("x", "And the costs?", history=[Turn("user", "Benefits?")], extra={"owner": "team-a"})
    row = run_case(FakeSystem(), case)
    assert row["extra"] == {"owner": "team-a"}
    assert row["history"] == [{"role": "user", "content": "Benefits?"}]
