"""The Plan tab's handlers and views: interview, revisions, risk table edits, statement, drafts per user."""

import json
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.planning import Interview, list_drafts
from assistant.settings import PROJECT_ROOT, Settings
from assistant.web.chat import ChatState
from assistant.web.planning_tab import PlanningHandlers, PlanState, planning_problem
from assistant.web.planning_view import RISK_COLUMNS, apply_risk_table, file_stem, question_markdown, risk_rows

ALICE, BOB = SimpleNamespace(username="alice"), SimpleNamespace(username="bob")
QUESTION, REPLY, BOX, ANSWERS, RISKS, SHORTLIST, NOTE, DRAFTS, SKIP, STATE = range(10)


@pytest.fixture
def settings(tmp_path, isolated_env):
    return Settings(data_dir=tmp_path / "var", knowledge_dir=PROJECT_ROOT / "knowledge")


@pytest.fixture
def handlers(settings):
    return PlanningHandlers(settings)


def test_interview_one_question_at_a_time_with_explanation(handlers):
    view = handlers.on_load(PlanState(), ALICE)
    assert "Which IT function" in view[QUESTION] and "From the guide" in view[QUESTION]
    assert "Question 1 of" in view[QUESTION] and view[DRAFTS]["choices"] == []  # nothing saved before an answer
    view = handlers.answer("our helpdesk and laptop support", view[STATE], ALICE)
    assert view[REPLY].startswith("✓ Noted") and "What problem" in view[QUESTION]
    assert view[SKIP]["interactive"] is False  # the problem question is required
    assert view[ANSWERS][0] == ["Functions to outsource", "our helpdesk and laptop support"]
    assert view[SHORTLIST] and all("IT support" in row[3] for row in view[SHORTLIST])
    assert [c[0].split(" · ")[0] for c in view[DRAFTS]["choices"]] == ["Outsourcing plan: IT support"]


def test_unparseable_answers_are_asked_again_and_kept_in_the_box(handlers):
    state = handlers.on_load(PlanState(), ALICE)[STATE]
    view = handlers.answer("bananas", state, ALICE)
    assert "try again" in view[REPLY].lower() and view[BOX] == "bananas" and "Which IT function" in view[QUESTION]


def test_skip_back_and_revisit(handlers):
    state = handlers.start("I want to outsource our helpdesk", ALICE)[STATE]
    assert state.interview.answers  # the opening message answered the first question
    view = handlers.answer("Tickets wait for days; we want faster help at a predictable cost.", state, ALICE)
    assert view[SKIP]["interactive"] is True  # measurable outcomes are optional
    view = handlers.skip(state, ALICE)
    assert "Skipped" in view[REPLY] and ["Measurable outcomes", "(skipped)"] in view[ANSWERS]
    view = handlers.back(state, ALICE)
    assert "How will you know it worked" in view[QUESTION]
    view = handlers.revisit(SimpleNamespace(index=[1, 0]), state, ALICE)
    assert "What problem" in view[QUESTION] and view[BOX].startswith("Tickets wait")
    view = handlers.answer("We cannot hire support staff.", state, ALICE)
    assert state.interview.answers["problem"] == "We cannot hire support staff."


def test_required_questions_cannot_be_skipped(handlers):
    state = handlers.on_load(PlanState(), ALICE)[STATE]
    view = handlers.answer("skip", state, ALICE)
    assert "cannot be skipped" in view[REPLY] and "Which IT function" in view[QUESTION]


def test_risk_table_edits_apply_to_the_register(settings):
    interview = Interview.start(settings, opening="outsource our helpdesk")
    rows = risk_rows(interview.register)
    first, second = rows[0], rows[1]
    first[RISK_COLUMNS.index("Likelihood")] = 5.0
    first[RISK_COLUMNS.index("Owner")] = "Head of IT"
    second[RISK_COLUMNS.index("Risk")] = ""  # clearing the name removes the risk
    rows.append(["Key person leaves", "People", 2, 4, None, "Document the setup", "", None])
    rows.append(["Bad rating", "Other", 9, 1, None, "", "", ""])
    problems = apply_risk_table(interview.register, rows)
    entry = interview.register.get(first[-1])
    assert (entry.likelihood, entry.owner, entry.rated) == (5, "Head of IT", True)
    assert second[-1] not in [e.id for e in interview.register.entries] and second[-1] in interview.register.removed
    assert interview.register.get("key-person-leaves").score == 8
    assert len(problems) == 1 and "Bad rating" in problems[0] and "1 to 5" in problems[0]


def test_deleted_rows_are_removed_and_untouched_rows_stay_unedited(settings):
    interview = Interview.start(settings, opening="outsource our helpdesk")
    rows = risk_rows(interview.register)
    apply_risk_table(interview.register, rows[1:])
    assert len(interview.register.entries) == len(rows) - 1
    assert not any(e.edited for e in interview.register.entries)


def test_statement_draft_edit_save_and_downloads(handlers, settings):
    state = handlers.start("I want to outsource our helpdesk", ALICE)[STATE]
    statement, preview, markdown, document, note = handlers.draft_statement(state, ALICE)
    assert statement.startswith("# Outsourcing needs statement: IT support") and "required questions" in note
    edited = statement + "\n\nExtra line <script>alert(1)</script> from the author.\n"
    statement, preview, markdown, document, note = handlers.save_statement(edited, state, ALICE)
    assert "<script>" not in preview and "&lt;script>" in preview
    assert Path(markdown["value"]).read_text() == edited and Path(markdown["value"]).name == "outsourcing-plan-it-support.md"
    with zipfile.ZipFile(document["value"]) as docx:
        assert "Extra line" in docx.read("word/document.xml").decode()
    reopened = handlers.open_draft(state.draft_id, PlanState(), ALICE)
    assert reopened[STATE].interview.answers == state.interview.answers
    assert reopened[STATE + 1] == edited and reopened[STATE + 3]["interactive"] is False  # downloads re-prepared on save


def test_drafts_are_private_and_deletable(handlers, settings):
    state = handlers.start("I want to outsource our helpdesk", ALICE)[STATE]
    assert list_drafts(settings, "bob") == []
    view = handlers.open_draft(state.draft_id, PlanState(), BOB)
    assert "no longer exists" in view[REPLY] and view[STATE].interview.answers == {}
    handlers.delete(state.draft_id, PlanState(), BOB)
    assert [d.id for d in list_drafts(settings, "alice")] == [state.draft_id]
    view = handlers.delete(state.draft_id, state, ALICE)
    assert list_drafts(settings, "alice") == [] and view[STATE].draft_id is None


def test_chat_requests_open_the_interview(handlers):
    chat = ChatState(plan_request="Help me define my needs for outsourcing our helpdesk")
    outputs = handlers.from_chat(chat, PlanState(), ALICE)
    assert outputs[0].selected == "plan" and len(outputs) == 1 + 10 + 5 + 1
    assert outputs[1 + STATE].interview.answers and chat.plan_request is None and outputs[1 + STATE + 1] == ""
    idle = handlers.from_chat(ChatState(), PlanState(), ALICE)
    assert len(idle) == len(outputs) and idle[-1].plan_request is None and idle[1 + STATE].interview is None


def test_file_names_and_missing_catalogue(tmp_path, isolated_env):
    assert file_stem("Outsourcing plan: IT support, Cloud") == "outsourcing-plan-it-support-cloud"
    assert file_stem("!!!") == "needs-statement"
    broken = Settings(data_dir=tmp_path / "var", knowledge_dir=tmp_path / "empty")
    assert "risk catalogue" in planning_problem(broken)
    assert planning_problem(Settings(data_dir=tmp_path / "var", knowledge_dir=PROJECT_ROOT / "knowledge")) is None


def test_question_view_is_inert(settings):
    interview = Interview.start(settings)
    assert "<" not in question_markdown(interview).replace("<small>", "").replace("</small>", "")


def test_old_download_folders_are_pruned(tmp_path, monkeypatch):
    import os
    import tempfile

    from assistant.web.planning_view import write_downloads

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first, _ = write_downloads("# A\n", "Plan A")
    os.utime(first.parent, (0, 0))
    second, document = write_downloads("# B\n", "Plan B")
    assert not first.parent.exists() and second.read_text() == "# B\n" and document.suffix == ".docx"


def example_plan(handlers):
    """Return a plan state answered from examples/plan-answers.json (helpdesk plus security monitoring)."""
    data = json.loads((PROJECT_ROOT / "examples" / "plan-answers.json").read_text(encoding="utf-8"))
    state = handlers.start(None, ALICE)[STATE]
    for question in state.interview.questions:
        assert state.interview.revise(question.id, data[question.id]).accepted, question.id
    return state


def test_revising_an_answer_shows_that_questions_number_not_the_last(handlers):
    state = example_plan(handlers)
    view = handlers.revisit(SimpleNamespace(index=[2, 1]), state, ALICE)
    assert "Question 3 of 20 · Measurable outcomes · 20 of 20 settled" in view[QUESTION]


def test_the_risk_table_offers_no_add_column_and_its_headers_fit(handlers):
    import gradio as gr

    from assistant.web.planning_tab import PlanningTab

    with gr.Blocks() as demo:
        tab = PlanningTab(handlers, demo)
    config = tab.risks.get_config()
    # The frontend shows "Add column" only for a "dynamic" column count.
    assert config["col_count"] == [len(RISK_COLUMNS), "fixed"] and config["row_count"][1] == "dynamic"
    widths = dict(zip(RISK_COLUMNS, config["column_widths"]))
    assert all(w.endswith("px") for w in widths.values()) and int(widths["Likelihood"][:-2]) >= 100
    assert tab.weights.get_config()["col_count"][1] == "fixed"


def test_the_plan_tab_proposes_pairs_and_relaxes_a_near_miss_in_one_click(handlers):
    state = example_plan(handlers)
    pairs, functions, relax, relaxed, weights, matrix = handlers.decision(state)
    assert pairs[0][1] == "Atlas Bridge IT + Bastion Ridge Cyber Defence (sample)"
    assert "Candidates per function" in functions and "Near misses" in functions
    choice = dict((key, label) for label, key in relax["choices"])
    assert "residency" in choice and "Cedarbrook Clinical IT" in choice["residency"]
    pairs, functions, relax, relaxed, weights, matrix = handlers.relax("residency", state, ALICE)
    assert "residency" not in [key for _, key in relax["choices"]] and "the data location" in relaxed
    assert state.interview.relaxed == ["residency"]
    assert "Price fit" in matrix and "source: vendor profile" in matrix
    handlers.harden(state, ALICE)
    assert state.interview.relaxed == []


def test_scoring_weights_can_be_changed_and_bad_ones_are_reported(handlers):
    state = example_plan(handlers)
    *_, weights, _matrix = handlers.decision(state)
    rows = [list(r) for r in weights]
    rows[0][1] = 9
    rows[1][1] = "lots"
    *decision, note = handlers.save_weights(rows, state, ALICE)
    assert state.interview.weights["price_fit"] == 9 and "Price fit (×9)" in decision[-1]
    assert "Service levels" in note and "number from 0 to 10" in note


def test_the_plan_tab_downloads_the_rfp_and_the_scoring_matrix(handlers):
    state = example_plan(handlers)
    rfp, matrix, rfp_md, rfp_docx = handlers.documents(state)
    assert "Security due-diligence questionnaire" in rfp
    assert Path(matrix["value"]).read_text(encoding="utf-8").startswith("# Scoring matrix")
    assert "## Requirements" in Path(rfp_md["value"]).read_text(encoding="utf-8")
    with zipfile.ZipFile(rfp_docx["value"]) as document:
        assert "Subcontractors" in document.read("word/document.xml").decode()
