"""The interview questions: loaded from interview.yaml and validated, with clear errors."""

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.planning.parsing import PARSERS, STRUCTURED_KINDS

QUESTIONS_FILE = Path(__file__).with_name("interview.yaml")

# Needs-statement sections an answer can belong to, in the order the statement shows them.
SECTIONS = {
    "background": "Background and reasons",
    "objectives": "Objectives and measurable outcomes",
    "scope": "Scope and out of scope",
    "requirements": "Requirements and service levels",
    "security": "Security and compliance",
    "delivery": "Delivery model",
    "budget": "Budget and pricing model",
    "timeline": "Timeline",
    "criteria": "Vendor evaluation criteria",
}


class QuestionsError(ValueError):
    """An interview file that cannot be read or does not match the schema."""


class Question(BaseModel):
    """One interview question."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=2)
    prompt: str = Field(min_length=5)
    explain: str = Field(min_length=5)
    cite: str | None = Field(default=None, min_length=3, description="A heading of the guide, spelled exactly.")
    parser: str
    required: bool = True
    section: str
    example: str | None = None

    @field_validator("parser")
    @classmethod
    def _known_parser(cls, value: str) -> str:
        """Reject a parser kind the code does not have."""
        if value not in PARSERS:
            raise ValueError(f"unknown parser {value!r}; use one of {', '.join(sorted(PARSERS))}")
        return value

    @field_validator("section")
    @classmethod
    def _known_section(cls, value: str) -> str:
        """Reject a statement section that does not exist."""
        if value not in SECTIONS:
            raise ValueError(f"unknown section {value!r}; use one of {', '.join(SECTIONS)}")
        return value


class QuestionSet(BaseModel):
    """The ordered questions of the interview."""

    model_config = ConfigDict(extra="forbid")

    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "QuestionSet":
        """Require unique ids, one question per structured kind, and a services question."""
        ids = [q.id for q in self.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate question ids: {', '.join(duplicates)}")
        kinds = [q.parser for q in self.questions if q.parser in STRUCTURED_KINDS]
        repeated = sorted({k for k in kinds if kinds.count(k) > 1})
        if repeated:
            raise ValueError(f"more than one question uses parser {', '.join(repeated)}")
        # The risk step proposes risks for the chosen functions, so the interview must ask for them.
        if "services" not in kinds:
            raise ValueError("one question must use the services parser")
        return self


def _describe(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}" for e in error.errors())


def load_questions(path: Path = QUESTIONS_FILE) -> list[Question]:
    """Load and validate the interview questions, raising QuestionsError with the reason."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise QuestionsError(f"{path.name}: cannot read the interview questions ({exc})") from exc
    try:
        return QuestionSet.model_validate(data).questions
    except ValidationError as exc:
        raise QuestionsError(f"{path.name}: invalid interview questions: {_describe(exc)}") from exc


@lru_cache(maxsize=1)
def default_questions() -> tuple[Question, ...]:
    """Return the shipped questions, read once."""
    return tuple(load_questions())
