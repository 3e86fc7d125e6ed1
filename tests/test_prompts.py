"""Every prompt file renders, and a missing variable is an error rather than a silent gap."""

import pytest
from jinja2 import UndefinedError

from assistant.knowledge.retrieval import Hit
from assistant.prompts import PromptError, prompt_names, render_prompt
from assistant.settings import Settings

PASSAGE = Hit("id1", "Cloud outsourcing moves hosting out.", "guide.md", "Guide", "Cloud", 0.9)
VARIABLES = {
    "system": {"not_covered_token": "NOT_COVERED", "max_sentences": 4},
    "answer": {"passages": [PASSAGE], "question": "What is cloud outsourcing?", "not_covered_token": "NOT_COVERED"},
    "condense": {"history": [{"role": "user", "content": "What is cloud outsourcing?"}], "question": "and its risks?"},
    "refusal": {"reason": "not_covered", "unknown": ["Veltrix"], "nearby": ["Exit (Policy)"]},
    "small_talk": {"kind": "greeting"},
    "nothing_more": {"answer": "Exits need a plan. [1]"},
    "polish": {"text": "Budget: 10,000 per month."},
    "plan_reading": {"question": "Which functions?", "answer": "the SOC only", "schema": "{}"},
}


def test_every_prompt_file_has_test_variables():
    assert sorted(VARIABLES) == prompt_names(Settings().prompts_dir)


@pytest.mark.parametrize("name", sorted(VARIABLES))
def test_prompt_renders_with_its_variables(name):
    text = render_prompt(Settings().prompts_dir, name, **VARIABLES[name])
    assert text and "{{" not in text and "{%" not in text


@pytest.mark.parametrize("name", [n for n in sorted(VARIABLES) if n != "refusal"])
def test_prompt_missing_a_variable_fails_loudly(name):
    with pytest.raises(UndefinedError):
        render_prompt(Settings().prompts_dir, name)


def test_answer_prompt_numbers_passages_inside_the_context_block():
    text = render_prompt(Settings().prompts_dir, "answer", **VARIABLES["answer"])
    assert text.index("<context>") < text.index("[1] Guide > Cloud") < text.index("</context>")


def test_unknown_prompt_name_is_a_clear_error():
    with pytest.raises(PromptError, match="no prompt named 'nope'"):
        render_prompt(Settings().prompts_dir, "nope")
