"""The optional LLM polishing hook: it may reword answer sections but cannot add facts or touch the register."""

from assistant.planning import Interview, build_outputs
from assistant.planning.polish import polish_statement
from test_planning_interview import ANSWERS, plan_settings, register_rows, run  # noqa: F401  (fixture)

STATEMENT = """# Outsourcing needs statement: IT support

## Background and reasons

- **Problem and goals:** tickets wait for days

## Risks

| Risk | Category | Likelihood | Impact | Score | Mitigation | Owner |
|---|---|---|---|---|---|---|
| Loss of control | Governance | 3 | 3 | 9 | Keep an owner | to be assigned |
"""


def test_a_rewrite_that_keeps_the_facts_replaces_the_answer_sections_only():
    polished = polish_statement(STATEMENT, lambda text: "Support tickets currently wait several days.")
    assert "Support tickets currently wait several days." in polished
    assert "tickets wait for days" not in polished
    assert "| Loss of control | Governance | 3 | 3 | 9 | Keep an owner | to be assigned |" in polished


def test_a_rewrite_that_adds_a_number_or_fails_keeps_the_original():
    invented = polish_statement(STATEMENT, lambda text: "Tickets wait 5 days on average.")
    assert invented == STATEMENT

    def broken(text):
        raise TimeoutError("backend down")

    assert polish_statement(STATEMENT, broken) == STATEMENT


def test_build_outputs_uses_the_hook_and_the_register_stays_as_rendered(plan_settings):  # noqa: F811
    interview = Interview.start(plan_settings)
    run(interview, ANSWERS)
    plain = build_outputs(interview, [])
    seen = []
    polished = build_outputs(interview, [], polish=lambda text: seen.append(text) or text.upper())
    assert len(seen) == 8  # one call per answer section
    assert ANSWERS["scope"].upper() in polished.statement_md
    assert register_rows(polished.statement_md) == register_rows(plain.statement_md)
