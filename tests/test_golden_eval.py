"""The regression gate: the default assistant on the golden set must meet evals/thresholds.json."""

import json

import pytest

from assistant.evaluation.dataset import load_dataset
from assistant.evaluation.metrics import below_thresholds
from assistant.evaluation.runner import default_system, evaluate
from assistant.settings import PROJECT_ROOT

CASES = PROJECT_ROOT / "evals" / "cases"
THRESHOLDS = PROJECT_ROOT / "evals" / "thresholds.json"


@pytest.mark.model
def test_default_backend_meets_the_committed_thresholds(real_settings):
    from assistant.knowledge.ingest import ingest

    # Default settings (no ASSISTANT_* variables), the built-in knowledge base and a fresh store:
    # the conditions the thresholds were measured in.
    settings = real_settings
    assert settings.llm == "extractive"
    report = ingest(settings)
    assert report.readable > 0 and not report.skipped, [f"{f.source}: {f.reason}" for f in report.skipped]
    cases, errors = load_dataset(CASES)
    assert not errors, [str(e) for e in errors]
    results = evaluate([default_system(settings)], cases, settings, {"path": str(CASES), "cases": len(cases)})
    summary = results["systems"]["default"]["summary"]["overall"]
    thresholds = json.loads(THRESHOLDS.read_text(encoding="utf-8"))
    failures = below_thresholds(summary, thresholds)
    measured = {k: round(v, 3) for k, v in summary.items() if isinstance(v, float)}
    assert not failures, "golden-set regression:\n" + "\n".join(failures) + f"\nmeasured: {measured}"
