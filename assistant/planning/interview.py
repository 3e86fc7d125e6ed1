"""The planning interview as a state machine: one question at a time, re-asks, skips, revisions and resume."""

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.planning.citations import GuideCitation, guide_citation
from assistant.planning.parsing import ParseError, Parsed, Services, find_services, parse_answer
from assistant.planning.questions import Question, default_questions
from assistant.planning.risk_rules import propose_ratings
from assistant.planning.risks import RiskCatalogue, RiskEntry, RiskRegister, entry_from, load_catalogue
from assistant.settings import Settings
from assistant.vendors import ServiceType

STATE_VERSION = 1


class InterviewError(ValueError):
    """A request the interview cannot carry out (unknown question, unreadable saved state)."""


@dataclass(frozen=True)
class Reply:
    """The interview's response to an answer: accepted or not, what to tell the user, and what to ask next."""

    accepted: bool
    message: str
    question: Question | None  # the next question, the same one when asking again, None when all are answered

    @property
    def done(self) -> bool:
        """Return whether no question is left to ask."""
        return self.question is None


class _State(BaseModel):
    """The saved form of an interview: answer texts only, since parsing them again is deterministic."""

    model_config = ConfigDict(extra="forbid")

    version: int = STATE_VERSION
    answers: dict[str, str] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)
    current: str | None = None
    risk_register: RiskRegister = Field(default_factory=RiskRegister)
    started: date | None = None  # the draft's date, against which "next year" and "in 3 months" are read
    relaxed: list[str] = Field(default_factory=list)  # hard requirements the user relaxed, by requirement key
    weights: dict[str, float] = Field(default_factory=dict)  # the user's scoring weights, by criterion id


class Interview:
    """An outsourcing-needs interview; create it with `Interview.start(settings)` or `Interview.from_dict(...)`."""

    def __init__(self, settings: Settings, questions: Iterable[Question], catalogue: RiskCatalogue,
                 today: date | None = None):
        self.settings = settings
        self.today = today or date.today()
        self.relaxed: list[str] = []
        self.weights: dict[str, float] = {}
        # Optional LLM reading (llm_reading.llm_reader); None keeps the rule parsers alone.
        self.reader = None
        self.questions: tuple[Question, ...] = tuple(questions)
        self.catalogue = catalogue
        self.register = RiskRegister()
        self._answers: dict[str, str] = {}
        self._values: dict[str, Parsed] = {}
        self._skipped: list[str] = []
        self._current: str | None = self.questions[0].id
        self._sync_risks()

    @classmethod
    def start(cls, settings: Settings, opening: str | None = None,
              questions: Iterable[Question] | None = None, today: date | None = None) -> "Interview":
        """Begin an interview; an opening chat message naming a function ("outsource our helpdesk") answers it."""
        interview = cls(settings, questions or default_questions(), load_catalogue(settings.knowledge_dir), today)
        first = interview.current_question()
        if opening and first.parser == "services" and find_services(opening):
            interview.answer(opening)
        return interview

    @classmethod
    def from_dict(cls, settings: Settings, data: dict, questions: Iterable[Question] | None = None) -> "Interview":
        """Resume an interview saved with to_dict(); answers to questions that no longer exist are dropped."""
        try:
            state = _State.model_validate(data)
        except ValidationError as exc:
            raise InterviewError(f"the saved interview cannot be read ({exc.error_count()} problems, first: "
                                 f"{exc.errors()[0]['msg']})") from None
        interview = cls(settings, questions or default_questions(), load_catalogue(settings.knowledge_dir),
                        state.started)
        interview.register = state.risk_register
        interview.relaxed = list(state.relaxed)
        interview.weights = dict(state.weights)
        ids = {q.id for q in interview.questions}
        for qid, text in state.answers.items():
            if qid in ids:
                try:
                    interview._store(interview.question(qid), text)
                except ParseError:
                    pass  # the question's parser changed since saving: ask it again
        interview._skipped = [q for q in state.skipped if q in ids and q not in interview._answers]
        interview._current = state.current if state.current in ids else None
        if interview._current is None or interview._is_settled(interview._current):
            interview._current = interview._next_pending(interview._current)
        interview._sync_risks()
        return interview

    def to_dict(self) -> dict:
        """Return the interview as a JSON-compatible dict for saving."""
        state = _State(answers=dict(self._answers), skipped=list(self._skipped), current=self._current,
                       risk_register=self.register, started=self.today, relaxed=list(self.relaxed),
                       weights=dict(self.weights))
        return state.model_dump(mode="json")

    # Questions

    def question(self, question_id: str) -> Question:
        """Return a question by id, or raise InterviewError listing the ids."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise InterviewError(f"no question {question_id!r}; the questions are: {', '.join(q.id for q in self.questions)}")

    def current_question(self) -> Question | None:
        """Return the question to ask now, or None when every question is answered or skipped."""
        return self.question(self._current) if self._current else None

    def citation(self, question: Question) -> GuideCitation | None:
        """Return the guide citation of a question, if it has one."""
        return guide_citation(self.settings.knowledge_dir, question.cite) if question.cite else None

    def progress(self) -> tuple[int, int]:
        """Return (questions answered or skipped, all questions)."""
        return sum(self._is_settled(q.id) for q in self.questions), len(self.questions)

    def _is_settled(self, question_id: str) -> bool:
        return question_id in self._answers or question_id in self._skipped

    def _next_pending(self, after: str | None) -> str | None:
        ids = [q.id for q in self.questions]
        start = ids.index(after) + 1 if after in ids else 0
        for qid in ids[start:] + ids[:start]:
            if not self._is_settled(qid):
                return qid
        return None

    # Answers

    def _store(self, question: Question, text: str) -> Parsed:
        value = parse_answer(question.parser, text, today=self.today)
        if self.reader is not None:
            value = self.reader(question.parser, question.prompt, text.strip(), value)
        self._answers[question.id] = text.strip()
        self._values[question.id] = value
        if question.id in self._skipped:
            self._skipped.remove(question.id)
        # Answers move the proposed ratings (offshore delivery, personal data), not only the services.
        self._sync_risks()
        return value

    def _noted(self, question: Question, value: Parsed) -> str:
        if question.parser == "text":
            return "Noted."
        if question.parser == "goals":
            if value.benefits:
                return f"Noted. In the guide's terms this is about: {', '.join(value.benefits)}."
            return "Noted."
        noted = f"Noted: {value.summary()}."
        points = getattr(value, "open_points", ())
        points = list(points() if callable(points) else points)
        # Ask back with the reading taken, so an inferred year or a stretched budget is confirmed, not assumed.
        return noted + (" Please check: " + " ".join(points) if points else "")

    def _reask(self, question: Question, error: ParseError) -> Reply:
        hint = " You can also type \"skip\"." if not question.required else ""
        return Reply(False, f"{error}{hint}", question)

    def answer(self, text: str) -> Reply:
        """Answer the current question: accepted with the next question, or a message asking again."""
        question = self.current_question()
        if question is None:
            return Reply(False, "Every question is answered; revise an answer by its question id.", None)
        try:
            value = self._store(question, text)
        except ParseError as exc:
            return self._reask(question, exc)
        self._current = self._next_pending(question.id)
        return Reply(True, self._noted(question, value), self.current_question())

    def revise(self, question_id: str, text: str) -> Reply:
        """Replace the answer to any question; the current question stays where it was."""
        question = self.question(question_id)
        try:
            value = self._store(question, text)
        except ParseError as exc:
            return self._reask(question, exc)
        if self._current == question_id:
            self._current = self._next_pending(question_id)
        return Reply(True, self._noted(question, value), self.current_question())

    def skip(self) -> Reply:
        """Skip the current question if it is optional; it then appears among the open questions."""
        question = self.current_question()
        if question is None:
            return Reply(False, "There is no question to skip.", None)
        if question.required:
            return Reply(False, f"“{question.label}” is needed for the statement, so it cannot be skipped.", question)
        self._answers.pop(question.id, None)
        self._values.pop(question.id, None)
        if question.id not in self._skipped:
            self._skipped.append(question.id)
        self._current = self._next_pending(question.id)
        return Reply(True, "Skipped; it will be listed as an open question.", self.current_question())

    def go_to(self, question_id: str) -> Question:
        """Make a question the current one, to answer it again."""
        self._current = self.question(question_id).id
        return self.question(question_id)

    def back(self) -> Question:
        """Go back to the question before the current one (or to the last one when all are answered)."""
        ids = [q.id for q in self.questions]
        position = ids.index(self._current) if self._current else len(ids)
        return self.go_to(ids[max(position - 1, 0)])

    @property
    def answers(self) -> dict[str, str]:
        """Return the answer texts by question id, in question order."""
        return {q.id: self._answers[q.id] for q in self.questions if q.id in self._answers}

    @property
    def skipped(self) -> list[str]:
        """Return the ids of skipped questions."""
        return list(self._skipped)

    def value(self, question_id: str) -> Parsed | None:
        """Return the parsed answer to a question, or None if it is not answered."""
        return self._values.get(self.question(question_id).id)

    def value_of(self, kind: str) -> Parsed | None:
        """Return the parsed answer of the question using parser `kind`, or None."""
        return next((self._values[q.id] for q in self.questions if q.parser == kind and q.id in self._values), None)

    def missing_required(self) -> list[Question]:
        """Return the required questions without an answer."""
        return [q for q in self.questions if q.required and q.id not in self._answers]

    @property
    def is_complete(self) -> bool:
        """Return whether every required question is answered."""
        return not self.missing_required()

    # Risks

    @property
    def services(self) -> tuple[ServiceType, ...]:
        """Return the service types chosen so far."""
        value = self.value_of("services")
        return value.types if isinstance(value, Services) else ()

    def proposed_risks(self) -> list[RiskEntry]:
        """Return the catalogue's risks for the chosen services, rated from the answers, each with a mitigation."""
        entries = [entry_from(r, self.catalogue) for r in self.catalogue.for_services(self.services)]
        return propose_ratings(entries, self)

    def relax(self, key: str) -> None:
        """Turn a hard requirement (by its key, as a near miss names it) into a preference."""
        if key not in self.relaxed:
            self.relaxed.append(key)

    def unrelax(self, key: str | None = None) -> None:
        """Make a relaxed requirement (or, with no key, every one) hard again."""
        self.relaxed = [k for k in self.relaxed if key is not None and k != key]

    def _sync_risks(self) -> None:
        self.register.sync(self.proposed_risks())

    def title(self) -> str:
        """Return a short title for the plan, from the chosen functions."""
        value = self.value_of("services")
        return f"Outsourcing plan: {value.summary()}" if value else "Outsourcing plan"
