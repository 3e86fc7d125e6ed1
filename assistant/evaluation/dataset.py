"""Load evaluation cases from JSONL, reporting bad lines instead of stopping at them."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answering.models import Turn, parse_history

KNOWN_FIELDS = {
    "id", "question", "history", "expected_sources", "must_include", "must_not_include", "expect", "category", "split",
}
EXPECTATIONS = ("answer", "refuse")
DEFAULT_CATEGORY = "uncategorised"
# Cases that do not say which split they belong to are development cases, as in evals/calibrate.py.
DEFAULT_SPLIT = "dev"


class DatasetError(ValueError):
    """A dataset that cannot be read at all (missing path, no JSONL files)."""


@dataclass
class Case:
    """One golden question with what a good answer must (and must not) contain."""

    id: str
    question: str
    history: list[Turn] = field(default_factory=list)
    expected_sources: list[str] = field(default_factory=list)
    must_include: list[list[str]] = field(default_factory=list)
    must_not_include: list[str] = field(default_factory=list)
    expect: str = "answer"
    category: str = DEFAULT_CATEGORY
    split: str = DEFAULT_SPLIT
    extra: dict = field(default_factory=dict)
    origin: str = ""


@dataclass
class LineError:
    """A dataset line that was skipped, and why."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _strings(value, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{name} must be a list of non-empty strings")
    return list(value)


def _groups(value) -> list[list[str]]:
    if not isinstance(value, list):
        raise ValueError("must_include must be a list of lists of strings")
    # A bare string is accepted as a group with a single acceptable wording.
    groups = [[item] if isinstance(item, str) else item for item in value]
    for group in groups:
        if not isinstance(group, list) or not group or not all(isinstance(v, str) and v.strip() for v in group):
            raise ValueError("must_include must be a list of non-empty lists of non-empty strings")
    return groups


def parse_case(data, origin: str = "") -> Case:
    """Validate one decoded line, raising ValueError that names the bad field."""
    if not isinstance(data, dict):
        raise ValueError("a case must be a JSON object")
    for name in ("id", "question"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise ValueError(f"{name} is required and must be a non-empty string")
    expect = data.get("expect", "answer")
    if expect not in EXPECTATIONS:
        raise ValueError(f'expect must be "answer" or "refuse", got {expect!r}')
    for name in ("category", "split"):
        if name in data and (not isinstance(data[name], str) or not data[name].strip()):
            raise ValueError(f"{name} must be a non-empty string")
    return Case(
        id=data["id"].strip(),
        question=data["question"],
        history=parse_history(data.get("history", [])),
        expected_sources=_strings(data.get("expected_sources", []), "expected_sources"),
        must_include=_groups(data.get("must_include", [])),
        must_not_include=_strings(data.get("must_not_include", []), "must_not_include"),
        expect=expect,
        category=data.get("category", DEFAULT_CATEGORY).strip(),
        split=data.get("split", DEFAULT_SPLIT).strip(),
        extra={k: v for k, v in data.items() if k not in KNOWN_FIELDS},
        origin=origin,
    )


def dataset_files(path: Path) -> list[Path]:
    """Return the JSONL files of a dataset path (a file, or a folder of *.jsonl files)."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.jsonl") if p.is_file())
        if not files:
            raise DatasetError(f"no .jsonl files in {path}")
        return files
    if path.is_file():
        return [path]
    raise DatasetError(f"dataset {path} does not exist")


def load_dataset(path: Path) -> tuple[list[Case], list[LineError]]:
    """Read every valid case; collect one LineError per skipped line."""
    cases: list[Case] = []
    errors: list[LineError] = []
    seen: dict[str, str] = {}
    for file in dataset_files(path):
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DatasetError(f"cannot read {file}: {exc}") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            origin = f"{file.name}:{number}"
            try:
                case = parse_case(json.loads(line), origin)
            except json.JSONDecodeError as exc:
                errors.append(LineError(str(file), number, f"invalid JSON ({exc.msg})"))
                continue
            except ValueError as exc:
                errors.append(LineError(str(file), number, str(exc)))
                continue
            if case.id in seen:
                errors.append(LineError(str(file), number, f"duplicate id {case.id!r} (first at {seen[case.id]})"))
                continue
            seen[case.id] = origin
            cases.append(case)
    return cases, errors


def select_split(cases: list[Case], split: str) -> list[Case]:
    """Keep the cases of one split ("all" keeps everything)."""
    return list(cases) if split == "all" else [c for c in cases if c.split == split]
