"""Run answering systems over evaluation cases, timing each answer and scoring it."""

import subprocess
import sys
import time
from datetime import datetime, timezone
from typing import Callable, Protocol

from assistant.answering.citations import SUPPORT_THRESHOLD
from assistant.answering.models import Answer, Turn
from assistant.evaluation.dataset import Case
from assistant.evaluation.metrics import score_case, source_matches, summarise, summarise_groups
from assistant.knowledge.retrieval import RRF_K, Hit
from assistant.settings import PROJECT_ROOT, Settings

RESULTS_FORMAT = "assistant-eval/1"


class System(Protocol):
    """Anything that answers like the Assistant and can show its raw retrieval ranking."""

    name: str
    k: int

    def answer(self, question: str, history: list[Turn]) -> Answer:
        """Answer a question in a conversation."""

    def ranking(self, question: str, answer: Answer) -> list[Hit]:
        """Return the passages retrieval ranks for the question, best first."""

    def describe(self) -> dict:
        """Return the configuration that produced the answers."""


class AssistantSystem:
    """The Assistant (or a variant of it) seen through the System interface."""

    def __init__(self, name: str, assistant, retrieval: str = "hybrid", notes: dict | None = None):
        self.name = name
        self.assistant = assistant
        self.retrieval = retrieval
        self.k = assistant.settings.top_k
        self.notes = notes or {}

    def answer(self, question: str, history: list[Turn]) -> Answer:
        """Answer with the full pipeline."""
        return self.assistant.answer(question, history)

    def ranking(self, question: str, answer: Answer) -> list[Hit]:
        """Search the standalone question the pipeline itself searched."""
        return self.assistant.retrieve(answer.standalone_question or question)[: self.k]

    def describe(self) -> dict:
        """Return backend, retrieval and gating settings."""
        settings = self.assistant.settings
        return {
            "backend": self.assistant.backend.name,
            "retrieval": self.retrieval,
            "k": self.k,
            "relevance_threshold": settings.relevance_threshold,
            "embedding_model": settings.embedding_model,
            "chunking": f"heading sections, at most {settings.chunk_size} characters",
            "history": "condensed into a standalone question",
            **self.notes,
        }


def default_system(settings: Settings, backend=None, retriever=None) -> AssistantSystem:
    """Build the assistant as configured (backend from ASSISTANT_LLM unless given)."""
    from assistant.answering import Assistant

    return AssistantSystem("default", Assistant(settings, retriever, backend))


def git_revision() -> str:
    """Return the checked-out commit, or "unknown" outside a git clone."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


def _brief(hit: Hit, expected: list[str]) -> dict:
    return {
        "id": hit.id, "source": hit.source, "title": hit.title, "section": hit.section,
        "score": round(float(hit.score), 4), "matches_expected": any(source_matches(e, hit) for e in expected),
    }


def run_case(system: System, case: Case) -> dict:
    """Answer one case and return its row: answer, sources, ranking, latency and metrics."""
    answer, ranking, error, latency = None, [], None, None
    start = time.perf_counter()
    try:
        answer = system.answer(case.question, case.history)
        latency = (time.perf_counter() - start) * 1000
        ranking = system.ranking(case.question, answer)
    except Exception as exc:  # one broken case must not end the run; it is scored as a failure
        error = f"{type(exc).__name__}: {exc}"
    sources = answer.sources if answer else []
    metrics, details = score_case(
        case.expect, case.expected_sources, case.must_include, case.must_not_include,
        answer.answer if answer else "", bool(answer and answer.refused), sources, ranking, system.k, error,
    )
    return {
        "id": case.id,
        "category": case.category,
        "split": case.split,
        "expect": case.expect,
        "question": case.question,
        "history": [{"role": t.role, "content": t.content} for t in case.history],
        "answer": answer.answer if answer else "",
        "refused": bool(answer and answer.refused),
        "standalone_question": answer.standalone_question if answer else "",
        "sources": [hit.public() for hit in sources],
        "retrieved": [_brief(hit, case.expected_sources) for hit in ranking],
        "latency_ms": round(latency, 1) if latency is not None else None,
        "metrics": metrics,
        "details": details,
        "error": error,
        "extra": case.extra,
    }


def summaries(rows: list[dict]) -> dict:
    """Return the overall, per-category and per-split summaries of a system's rows."""
    return {"overall": summarise(rows), "by_category": summarise_groups(rows, "category"), "by_split": summarise_groups(rows, "split")}


def run_system(system: System, cases: list[Case], progress: Callable[[str, int, int], None] | None = None) -> dict:
    """Run every case through one system after an untimed warm-up answer."""
    if cases:
        try:
            # The first answer loads models and indexes; timing it would skew the latency figures.
            system.answer(cases[0].question, cases[0].history)
        except Exception:
            pass  # the timed call reports the error
    rows = []
    for done, case in enumerate(cases, 1):
        rows.append(run_case(system, case))
        if progress:
            progress(system.name, done, len(cases))
    return {"config": system.describe(), "summary": summaries(rows), "cases": rows}


def run_settings(settings: Settings) -> dict:
    """Return the settings that shape every system's answers, for comparing runs."""
    from assistant.knowledge.ingest import generation

    return {
        "llm": settings.llm,
        "embedding_model": settings.embedding_model,
        "chunk_size": settings.chunk_size,
        "store_generation": generation(settings),
        "top_k": settings.top_k,
        "relevance_threshold": settings.relevance_threshold,
        "query_expansion": settings.query_expansion,
        "support_threshold": SUPPORT_THRESHOLD,
        "rrf_k": RRF_K,
        "collection": settings.collection,
        "chroma_url": settings.chroma_url,
        "knowledge_dir": str(settings.knowledge_dir),
        "max_query_chars": settings.max_query_chars,
    }


def evaluate(
    systems: list[System],
    cases: list[Case],
    settings: Settings,
    dataset: dict | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict:
    """Run every system over the cases and return the results document written to results.json."""
    return {
        "format": RESULTS_FORMAT,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git_revision": git_revision(),
        "python": sys.version.split()[0],
        "dataset": dataset or {"cases": len(cases)},
        "settings": run_settings(settings),
        "systems": {system.name: run_system(system, cases, progress) for system in systems},
    }
