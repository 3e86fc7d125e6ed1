"""Each eval metric on hand-made cases, including the edge cases."""

import pytest

from assistant.answering.citations import SUPPORT_THRESHOLD
from assistant.evaluation.metrics import (
    below_thresholds,
    citation_check,
    claims,
    fact_coverage,
    faithfulness,
    first_match_rank,
    hit_at_k,
    percentile,
    reciprocal_rank,
    score_case,
    source_matches,
    source_recall,
    summarise,
    summarise_groups,
    violations,
)
from assistant.knowledge.retrieval import Hit


def hit(text: str, title: str = "Guide", section: str = "Intro") -> Hit:
    return Hit(id=text[:8], text=text, source="guide.md", title=title, section=section, score=0.5)


COSTS = hit("Outsourcing cuts costs: you won’t need to pay salaries, taxes, and benefits.", section="Cost Savings")
SPECIALISTS = hit("It gives access to specialists with rare skills.", section="Access to Specialists")
CLOUD = hit("Cloud outsourcing covers hosting, data storage, backup and recovery.", section="Cloud")


# --- source matching, hit@k, MRR, recall ---------------------------------------------------------

def test_source_matching_ignores_case_whitespace_and_curly_quotes():
    assert source_matches("YOU WON'T   need to pay", COSTS)
    assert source_matches("Access to Specialists", SPECIALISTS)  # the section counts too
    assert source_matches("guide", {"text": "", "title": "Guide", "section": ""})  # plain dicts work
    assert not source_matches("penetration testing", COSTS)


def test_hit_at_k_and_mrr_use_the_first_matching_rank():
    ranking = [CLOUD, SPECIALISTS, COSTS]
    expected = ["pay salaries"]
    assert first_match_rank(expected, ranking) == 3
    assert hit_at_k(expected, ranking, k=3) == 1.0
    assert hit_at_k(expected, ranking, k=2) == 0.0
    assert reciprocal_rank(expected, ranking) == pytest.approx(1 / 3)
    assert reciprocal_rank(["specialists", "pay salaries"], ranking) == 0.5  # any expected string counts


def test_recall_counts_each_expected_string():
    assert source_recall(["hosting", "rare skills", "nowhere"], [CLOUD, SPECIALISTS]) == pytest.approx(2 / 3)


def test_no_expected_sources_means_not_applicable_not_zero():
    assert hit_at_k([], [COSTS], 5) is None
    assert reciprocal_rank([], [COSTS]) is None
    assert source_recall([], [COSTS]) is None


def test_no_sources_retrieved_scores_zero():
    assert hit_at_k(["costs"], [], 5) == 0.0
    assert reciprocal_rank(["costs"], []) == 0.0


# --- fact coverage and safety --------------------------------------------------------------------

def test_fact_coverage_needs_one_member_of_every_group():
    answer = "Outsourcing REDUCES COSTS [1] and brings specialists [2]."
    score, missing = fact_coverage([["cost", "price"], ["specialists"], ["flexibility", "scale"]], answer)
    assert score == pytest.approx(2 / 3)
    assert missing == [["flexibility", "scale"]]


def test_fact_coverage_ignores_citation_markers_inside_phrases():
    assert fact_coverage([["service levels"]], "It sets the service [2] levels.")[0] == 1.0


def test_fact_coverage_without_groups_is_not_applicable():
    assert fact_coverage([], "anything") == (None, [])


def test_violations_are_case_insensitive():
    assert violations(["Paris", "baking soda"], "The capital is paris.") == ["Paris"]
    assert violations(["Paris"], "I can only answer questions about IT outsourcing.") == []


# --- citation validity ---------------------------------------------------------------------------

def test_citations_within_range_are_valid():
    assert citation_check("Costs fall [1]. Specialists help [2].", 2) == (1.0, [])
    assert citation_check("Both matter [1, 2].", 2) == (1.0, [])


def test_citation_number_out_of_range_is_invalid():
    assert citation_check("Costs fall [1]. Specialists help [3].", 2) == (0.0, [3])
    assert citation_check("Zero is not a source [0].", 2) == (0.0, [0])


def test_answer_without_any_citation_is_invalid():
    assert citation_check("Costs fall.", 2) == (0.0, [])


def test_citation_with_no_sources_is_out_of_range():
    assert citation_check("Costs fall [1].", 0) == (0.0, [1])


# --- faithfulness --------------------------------------------------------------------------------

def test_citation_after_the_full_stop_belongs_to_the_sentence_before():
    pairs = claims("Costs fall. [1] Specialists help. [2]\n- **Cloud:** Hosting is covered. [3]")
    assert pairs == [("Costs fall.", [1]), ("Specialists help.", [2]), ("Hosting is covered.", [3])]


def test_faithfulness_counts_sentences_supported_by_their_cited_passage():
    answer = "You won't need to pay salaries, taxes and benefits. [1] Cloud covers hosting and backup. [1]"
    score, unsupported = faithfulness(answer, [COSTS.text, CLOUD.text])
    assert score == 0.5  # the second sentence cites the wrong passage
    assert unsupported == ["Cloud covers hosting and backup."]


def test_faithfulness_uncited_sentence_is_unsupported():
    score, unsupported = faithfulness("Cloud covers hosting and backup.", [CLOUD.text])
    assert score == 0.0 and unsupported == ["Cloud covers hosting and backup."]


def test_faithfulness_out_of_range_citation_supports_nothing():
    assert faithfulness("Cloud covers hosting and backup [7].", [CLOUD.text])[0] == 0.0


def test_faithfulness_threshold_is_the_documented_one():
    passage = "alpha beta gamma delta"
    # Two of four content words overlap: exactly the threshold when it is 0.5.
    assert SUPPORT_THRESHOLD == 0.5
    assert faithfulness("alpha beta epsilon zeta [1]", [passage])[0] == 1.0
    assert faithfulness("alpha epsilon zeta eta [1]", [passage])[0] == 0.0


def test_faithfulness_of_empty_answer_is_not_applicable():
    assert faithfulness("", [COSTS.text]) == (None, [])


# --- one case ------------------------------------------------------------------------------------

def test_score_case_answered_question():
    metrics, details = score_case(
        "answer", ["pay salaries"], [["salaries"], ["equipment"]], ["Paris"],
        "You won't need to pay salaries, taxes and benefits. [1]", False, [COSTS], [CLOUD, COSTS], k=5,
    )
    assert metrics["retrieval_hit"] == 1.0 and metrics["retrieval_rr"] == 0.5
    assert metrics["cited_hit"] == 1.0 and metrics["cited_rr"] == 1.0
    assert metrics["refusal_correct"] == 1.0 and metrics["answered"] == 1.0
    assert metrics["refused_when_expected"] is None
    assert metrics["fact_coverage"] == 0.5 and details["missing_facts"] == [["equipment"]]
    assert metrics["citation_valid"] == 1.0 and metrics["faithfulness"] == 1.0
    assert metrics["safe"] == 1.0


def test_score_case_correct_refusal_skips_answer_quality():
    metrics, details = score_case("refuse", [], [], ["Paris"], "I can only help with IT outsourcing.", True, [], [CLOUD], k=5)
    assert metrics["refusal_correct"] == 1.0 and metrics["refused_when_expected"] == 1.0
    assert metrics["answered"] is None
    assert metrics["fact_coverage"] is None and metrics["citation_valid"] is None and metrics["faithfulness"] is None
    assert metrics["retrieval_hit"] is None  # no expected sources
    assert metrics["safe"] == 1.0


def test_score_case_wrong_refusal_of_an_answerable_question():
    metrics, _ = score_case("answer", ["hosting"], [["cloud"]], [], "Not covered.", True, [], [CLOUD], k=5)
    assert metrics["refusal_correct"] == 0.0 and metrics["answered"] == 0.0
    assert metrics["retrieval_hit"] == 1.0  # retrieval found it; the gate refused anyway
    assert metrics["cited_hit"] == 0.0  # no sources cited
    assert metrics["fact_coverage"] is None


def test_score_case_answering_what_should_be_refused():
    metrics, details = score_case("refuse", [], [], ["Paris"], "The capital is Paris [1].", False, [CLOUD], [CLOUD], k=5)
    assert metrics["refusal_correct"] == 0.0 and metrics["refused_when_expected"] == 0.0
    assert metrics["safe"] == 0.0 and details["violations"] == ["Paris"]
    assert metrics["citation_valid"] is None  # answer quality only counts where an answer was expected


def test_score_case_answer_with_no_sources_and_a_dangling_citation():
    metrics, details = score_case("answer", ["costs"], [["costs"]], [], "Costs fall [2].", False, [], [], k=5)
    assert metrics["retrieval_hit"] == 0.0 and metrics["cited_hit"] == 0.0
    assert metrics["citation_valid"] == 0.0 and details["out_of_range_citations"] == [2]
    assert metrics["faithfulness"] == 0.0 and metrics["fact_coverage"] == 1.0


def test_score_case_error_counts_as_a_failure():
    metrics, details = score_case("refuse", [], [], [], "", False, [], [], k=5, error="RuntimeError: boom")
    assert metrics["refusal_correct"] == 0.0 and metrics["refused_when_expected"] == 0.0
    assert details["error"] == "RuntimeError: boom"


# --- summaries -----------------------------------------------------------------------------------

def _row(metrics: dict, latency: float, category: str = "c", split: str = "dev") -> dict:
    return {"metrics": metrics, "latency_ms": latency, "category": category, "split": split}


def test_summary_averages_only_applicable_cases_and_reports_latency_percentiles():
    rows = [
        _row({"retrieval_hit": 1.0, "refusal_correct": 1.0, "fact_coverage": 0.5}, 100),
        _row({"retrieval_hit": 0.0, "refusal_correct": 1.0, "fact_coverage": None}, 200),
        _row({"retrieval_hit": None, "refusal_correct": 0.0}, 300, category="d"),
    ]
    summary = summarise(rows)
    assert summary["cases"] == 3
    assert summary["retrieval_hit@k"] == 0.5 and summary["n"]["retrieval_hit@k"] == 2
    assert summary["refusal_accuracy"] == pytest.approx(2 / 3)
    assert summary["fact_coverage"] == 0.5
    assert summary["faithfulness"] is None  # no case to average
    assert summary["latency_p50_ms"] == 200 and summary["latency_p95_ms"] == pytest.approx(290)
    groups = summarise_groups(rows, "category")
    assert list(groups) == ["c", "d"] and groups["d"]["refusal_accuracy"] == 0.0


def test_percentile_of_nothing_is_none():
    assert percentile([], 50) is None


def test_thresholds_report_each_metric_below_its_minimum():
    summary = {"fact_coverage": 0.70, "safety": 1.0, "faithfulness": None, "latency_p95_ms": 900.0}
    failures = below_thresholds(
        {**summary}, {"_note": "ignored", "fact_coverage": 0.75, "safety": 1.0, "faithfulness": 0.9,
                      "latency_p95_ms": 500, "typo": 0.1},
    )
    assert any(f.startswith("fact_coverage: 0.700 is below") for f in failures)
    assert any(f.startswith("faithfulness: not measured") for f in failures)
    assert any(f.startswith("latency_p95_ms: 900.0 is above") for f in failures)
    assert any(f.startswith("typo: not a summary metric") for f in failures)
    assert not any(f.startswith("safety") for f in failures)


def test_a_bullet_label_ending_in_a_question_mark_is_no_claim():
    pairs = claims("- **Key Question: must agencies only use fixed prices?** Agencies may use T&M contracts. [1]")
    assert pairs == [("Agencies may use T&M contracts.", [1])]
