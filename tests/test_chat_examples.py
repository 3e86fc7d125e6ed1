"""The chat on the real knowledge base and model, for the examples users reported (issue 9)."""

import pytest

from assistant.answering import Assistant, Turn
from assistant.answering.backends import Backend
from assistant.knowledge.ingest import ingest
from assistant.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("var"), knowledge_dir=PROJECT_ROOT / "knowledge",
                        chroma_url=None, llm="extractive")
    ingest(settings)
    return Assistant(settings, backend=Backend("extractive"))


def test_a_one_sentence_definition_is_one_defining_sentence(assistant):
    answer = assistant.answer("In one sentence, what is IT outsourcing?")
    assert not answer.refused
    assert answer.answer.count("[") == 1 and "outsourcing is the practice" in answer.answer.lower()
    assert "Choosing a Provider" not in answer.answer


def test_a_definition_question_leads_with_the_section_that_restates_it(assistant):
    answer = assistant.answer("what is IT outsourcing?")
    first = answer.answer.splitlines()[0]
    assert "IT outsourcing is the practice of transferring" in first, answer.answer
    assert answer.sources[0].section.endswith("What is IT outsourcing?")


def test_the_kinds_of_outsourcing_are_listed(assistant):
    answer = assistant.answer("Which kinds of IT outsourcing are there?")
    for kind in ("Infrastructure", "Software Development", "IT Support", "Cybersecurity", "Cloud"):
        assert kind in answer.answer
    assert "Choosing a Provider" not in answer.answer


@pytest.mark.parametrize("question", ["What is the capital of Australia?", "what's the capital of France?"])
def test_general_knowledge_is_refused_even_when_a_profile_names_the_place(assistant, question):
    answer = assistant.answer(question)
    assert answer.refused and "Brisbane" not in answer.answer


def test_comparing_two_named_vendors_keeps_both(assistant):
    answer = assistant.answer("Compare Bastion Ridge and Kestrel Shield")
    assert "Bastion Ridge" in answer.answer and "Kestrel Shield" in answer.answer and "Certifications" in answer.answer


def test_small_talk_mid_conversation(assistant):
    history = [Turn("user", "What are the risks of cloud outsourcing?"), Turn("assistant", "Loss of control. [1]")]
    hi = assistant.answer("hi", history)
    assert not hi.refused and hi.standalone_question == "hi" and "Hello" in hi.answer
    assert "welcome" in assistant.answer("thanks!", history).answer


def test_how_to_reduce_them_is_not_the_risk_list_again(assistant):
    first = assistant.answer("What are the risks of cloud outsourcing?")
    history = [Turn("user", "What are the risks of cloud outsourcing?"), Turn("assistant", first.answer)]
    follow_up = assistant.answer("how do we reduce them?", history)
    assert not follow_up.refused and follow_up.answer != first.answer


def test_which_vendors_could_handle_that_names_vendors_of_the_topic(assistant):
    history = [Turn("user", "We are thinking of outsourcing our cybersecurity"),
               Turn("assistant", "Cybersecurity outsourcing covers monitoring and incident response. [1]")]
    answer = assistant.answer("which of the vendors could handle that?", history)
    assert "Bastion Ridge" in answer.answer and "Kestrel Shield" in answer.answer
    assert answer.sources and all(s.metadata.get("kind") == "vendor" for s in answer.sources)
    # Every vendor listed is backed by a cited sentence of its profile.
    assert all("[" in line for line in answer.answer.splitlines()[1:])
