"""The interview questions data file: valid, covering the needs the issue lists, and citing real guide headings."""

import pytest
import yaml

from assistant.planning.citations import guide_headings
from assistant.planning.questions import QUESTIONS_FILE, QuestionsError, load_questions
from assistant.settings import PROJECT_ROOT


def test_the_questions_cover_every_need_in_a_sensible_order():
    questions = load_questions()
    kinds = [q.parser for q in questions]
    for kind in ("services", "goals", "users", "hours", "service_levels", "security", "regulations", "residency",
                 "delivery", "timezones", "languages", "budget", "pricing", "timeline"):
        assert kind in kinds, kind
    assert questions[0].id == "functions"
    assert {"scope", "out_of_scope", "decision_makers"} <= {q.id for q in questions}


def test_every_citation_names_a_heading_of_the_guide():
    headings = guide_headings(PROJECT_ROOT / "knowledge")
    for question in load_questions():
        if question.cite:
            assert question.cite in headings, f"{question.id}: {question.cite!r} is not a guide heading"


def write(tmp_path, questions) -> object:
    path = tmp_path / "interview.yaml"
    path.write_text(yaml.safe_dump({"questions": questions}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        ({"parser": "horoscope"}, "unknown parser 'horoscope'"),
        ({"section": "appendix"}, "unknown section 'appendix'"),
        ({"colour": "blue"}, "colour: Extra inputs are not permitted"),
    ],
)
def test_a_broken_question_file_is_a_clear_error(tmp_path, change, message):
    questions = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))["questions"]
    questions[1] = questions[1] | change
    with pytest.raises(QuestionsError, match=message):
        load_questions(write(tmp_path, questions))


def test_duplicate_ids_and_a_missing_services_question_are_rejected(tmp_path):
    questions = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))["questions"]
    with pytest.raises(QuestionsError, match="duplicate question ids: problem"):
        load_questions(write(tmp_path, questions + [questions[1]]))
    with pytest.raises(QuestionsError, match="services parser"):
        load_questions(write(tmp_path, questions[1:]))
    (tmp_path / "interview.yaml").write_text("questions: [", encoding="utf-8")
    with pytest.raises(QuestionsError, match="cannot read"):
        load_questions(tmp_path / "interview.yaml")
