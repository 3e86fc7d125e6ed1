"""Outline answers (steps, types, benefits) and risk answers (per outsourcing type, with mitigations)."""

from assistant.answering import Assistant
from assistant.answering.backends import Backend
from assistant.answering.citations import cited_numbers
from fakes import ask_then_follow_up, build_knowledge_base

RISKS = """# Risk notes

## Loss of control

Category: Governance
Applies to: all

The company can lose sight of how an outsourced process is done.

Mitigation: Keep a named internal owner and hold monthly service reviews.

## Vendor lock-in

Category: Technology
Applies to: cloud

Cloud services built on proprietary tooling are costly to move away from.

Mitigation: Prefer portable services and secure data-export rights in the contract.

## Knowledge transfer gaps

Category: Transition
Applies to: IT support

The provider must learn the company's systems and users before support works well.

Mitigation: Plan a structured transition with documentation and shadowing.
"""


STEPS = """# Onboarding handbook

## Onboarding steps

Here are the onboarding steps for a new provider:

### Step 1: Kick-off

Both sides meet and agree the onboarding plan.

### Step 2: Access

The provider receives accounts with the least privilege it needs.

### Step 3: Shadowing

The provider's staff shadow the in-house team for two weeks.
"""


def assistant_for(tmp_path) -> Assistant:
    extra = {"practices/risks.md": RISKS, "guide/onboarding.md": STEPS}
    settings, retriever, embeddings = build_knowledge_base(tmp_path, extra, relevance_threshold=0.1)
    return Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)


def test_steps_question_lists_every_subsection_in_document_order(tmp_path):
    answer = assistant_for(tmp_path).answer("What are the onboarding steps?")
    text = answer.answer
    assert text.index("Step 1: Kick-off") < text.index("Step 2: Access") < text.index("Step 3: Shadowing")
    assert all(1 <= n <= len(answer.sources) for n in cited_numbers(text))
    assert len({n for n in cited_numbers(text)}) == 4  # the section and its three steps


def test_cloud_risk_question_gives_cloud_risks_with_mitigations(tmp_path):
    answer = assistant_for(tmp_path).answer("What are the risks of cloud outsourcing?")
    assert "Vendor lock-in" in answer.answer and "Mitigation" in answer.answer
    assert "Knowledge transfer gaps" not in answer.answer
    cited = {answer.sources[n - 1].section for n in cited_numbers(answer.answer)}
    assert "Vendor lock-in" in cited


def test_risk_reduction_is_a_benefit_not_a_risk_list(tmp_path):
    answer = assistant_for(tmp_path).answer("Can outsourcing help with risk reduction?")
    assert "Vendor lock-in" not in answer.answer


def test_how_do_we_reduce_them_after_the_cloud_risks_gives_their_mitigations(tmp_path):
    first, answer = ask_then_follow_up(assistant_for(tmp_path), "What are the risks of cloud outsourcing?",
                                       "how do we reduce them?")
    assert not answer.refused and answer.answer != first.answer
    assert "secure data-export rights" in answer.answer  # the lock-in mitigation
    assert "costly to move away from" not in answer.answer  # the risk itself was already said


def test_what_can_we_do_about_that_after_the_risks_gives_their_mitigations(tmp_path):
    first, answer = ask_then_follow_up(assistant_for(tmp_path), "What are the risks of cloud outsourcing?",
                                       "what can we do about that?")
    assert not answer.refused and answer.answer != first.answer
    assert "secure data-export rights" in answer.answer and "costly to move away from" not in answer.answer
