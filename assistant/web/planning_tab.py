"""The Plan tab: the guided interview, risk register, vendor shortlist and needs statement, saved per user."""

from dataclasses import dataclass
from datetime import datetime

import gradio as gr

from assistant.planning import (
    DraftError,
    Interview,
    InterviewError,
    QuestionsError,
    RiskCatalogueError,
    build_outputs,
    delete_draft,
    list_drafts,
    load_draft,
    save_draft,
)
from assistant.planning.parsing import find_services
from assistant.planning.requirements import relax_label
from assistant.web.auth import current_user
from assistant.web.planning_view import (
    ANSWER_COLUMNS,
    PAIR_COLUMNS,
    RISK_COLUMNS,
    RISK_TYPES,
    RISK_WIDTHS,
    SHORTLIST_COLUMNS,
    WEIGHT_COLUMNS,
    answer_rows,
    apply_risk_table,
    function_markdown,
    pair_rows,
    question_markdown,
    read_weights,
    relax_choices,
    risk_rows,
    shortlist_note,
    shortlist_rows,
    weight_rows,
    write_documents,
    write_downloads,
)
from assistant.planning.scoring import criteria, matrix_markdown

WEIGHT_ROWS = criteria()
from assistant.web.sources import inert_markdown
from assistant.vendor_table import load_catalog

SKIP_WORDS = {"skip", "pass", "n/a", "not applicable"}
INTRO = ("Answer one question at a time; each explains why it matters and where the guide covers it. "
         "Your plan is saved as you go and stays private to you.")


@dataclass
class PlanState:
    """One browser session's plan: the interview in progress and the draft it is saved as."""

    interview: Interview | None = None
    draft_id: str | None = None


def planning_problem(settings) -> str | None:
    """Return why the interview cannot run with these settings (e.g. the risk catalogue is missing), or None."""
    try:
        Interview.start(settings)
    except (RiskCatalogueError, QuestionsError) as exc:
        return str(exc)
    return None


class PlanningHandlers:
    """Event handlers of the Plan tab."""

    def __init__(self, settings):
        self.settings = settings
        self._reader = None
        self._reader_tried = False

    def _with_reader(self, interview: Interview) -> Interview:
        """Attach the LLM reading when an LLM backend is configured; the rule parsers alone otherwise."""
        if not self._reader_tried:
            self._reader_tried = True
            if self.settings.llm.strip().lower() != "extractive":
                from assistant.answering.backends import BackendError, create_backend
                from assistant.planning.llm_reading import llm_reader

                try:
                    chat = create_backend(self.settings).chat
                    self._reader = llm_reader(chat, self.settings.prompts_dir) if chat is not None else None
                except BackendError:
                    self._reader = None  # the chat tab reports the backend problem; planning works offline
        interview.reader = self._reader
        return interview

    def _outputs(self, interview: Interview):
        return build_outputs(interview, load_catalog(self.settings.knowledge_dir / "vendors").vendors)

    def draft_choices(self, user: str, selected: str | None) -> dict:
        """Return an update of the user's saved drafts."""
        choices = [(f"{d.title} · {datetime.fromtimestamp(d.updated_at):%d %b %H:%M}", d.id)
                   for d in list_drafts(self.settings, user)]
        return gr.update(choices=choices, value=selected if selected in {c[1] for c in choices} else None)

    def view(self, state: PlanState, user: str, message: str = "", answer: str = ""):
        """Return every output of the tab for the current state (in PlanningTab.view_outputs order)."""
        interview = self._ready(state)
        outputs = self._outputs(interview)
        question = interview.current_question()
        return (
            question_markdown(interview), message, answer, answer_rows(interview), risk_rows(interview.register),
            shortlist_rows(outputs.shortlist), shortlist_note(outputs.shortlist),
            self.draft_choices(user, state.draft_id), gr.update(interactive=bool(question and not question.required)),
            state,
        )

    def _save(self, state: PlanState, user: str, statement_md: str | None = None) -> None:
        state.draft_id = save_draft(self.settings, user, state.interview, draft_id=state.draft_id,
                                    statement_md=statement_md)

    def start(self, opening: str | None, request: gr.Request):
        """Begin a new interview (an opening such as "outsource our helpdesk" answers the first question)."""
        state = PlanState(self._with_reader(Interview.start(self.settings)))
        if opening and state.interview.current_question().parser == "services" and find_services(opening):
            state.interview.answer(opening)
        user = current_user(request)
        message = ""
        if state.interview.answers:
            self._save(state, user)
            first = state.interview.questions[0]
            message = f"Noted from your message: {inert_markdown(state.interview.answers[first.id])}."
        return self.view(state, user, message)

    def new_plan(self, request: gr.Request):
        """Start a blank interview."""
        return self.start(None, request)

    @staticmethod
    def loaded_statement(statement: str = ""):
        """Return the statement outputs for a plan just opened: its saved text, downloads not yet prepared."""
        idle = gr.update(value=None, interactive=False)
        return statement, inert_markdown(statement), idle, idle, ""

    def from_chat(self, chat_state, state: PlanState, request: gr.Request):
        """Start the interview a chat message asked for; returns (tabs, view..., statement..., chat state)."""
        opening = getattr(chat_state, "plan_request", None)
        if not opening:
            return (gr.update(),) * 10 + (state,) + (gr.update(),) * 5 + (chat_state,)
        chat_state.plan_request = None
        return (gr.Tabs(selected="plan"),) + self.start(opening, request) + self.loaded_statement() + (chat_state,)

    def on_load(self, state: PlanState, request: gr.Request):
        """Show a fresh interview the first time the page opens."""
        if state.interview is None:
            return self.start(None, request)
        return self.view(state, current_user(request))

    def answer(self, text: str, state: PlanState, request: gr.Request):
        """Answer the current question; a rejected answer stays in the box with the reason."""
        user = current_user(request)
        text = (text or "").strip()
        self._ready(state)
        if not text:
            return self.view(state, user, "Type an answer first (or use Skip for an optional question).")
        if text.lower() in SKIP_WORDS:
            return self.skip(state, request)
        reply = state.interview.answer(text)
        if not reply.accepted:
            return self.view(state, user, f"**Please try again:** {inert_markdown(reply.message)}", text)
        self._save(state, user)
        return self.view(state, user, f"✓ {inert_markdown(reply.message)}", self._prefill(state))

    def _ready(self, state: PlanState) -> Interview:
        if state.interview is None:
            state.interview = self._with_reader(Interview.start(self.settings))
        return state.interview

    def skip(self, state: PlanState, request: gr.Request):
        """Skip the current question if it is optional."""
        user = current_user(request)
        self._ready(state)
        reply = state.interview.skip()
        if reply.accepted:
            self._save(state, user)
        return self.view(state, user, inert_markdown(reply.message), self._prefill(state))

    def back(self, state: PlanState, request: gr.Request):
        """Return to the previous question, showing the earlier answer for editing."""
        self._ready(state).back()
        return self.view(state, current_user(request), "", self._prefill(state))

    def revisit(self, selected: gr.SelectData, state: PlanState, request: gr.Request):
        """Make the clicked question current so its answer can be changed."""
        row = selected.index[0] if isinstance(selected.index, (list, tuple)) else selected.index
        question = self._ready(state).questions[row]
        state.interview.go_to(question.id)
        return self.view(state, current_user(request), f"Changing your answer to “{question.label}”.",
                         self._prefill(state))

    @staticmethod
    def _prefill(state: PlanState) -> str:
        question = state.interview.current_question()
        return state.interview.answers.get(question.id, "") if question else ""

    def save_risks(self, rows, state: PlanState, request: gr.Request):
        """Apply the edited risk table; returns (risk table, message, state)."""
        problems = apply_risk_table(self._ready(state).register, list(rows or []))
        self._save(state, current_user(request))
        message = "Risk register saved." if not problems else "Saved, except:\n" + "\n".join(
            f"- {inert_markdown(p)}" for p in problems)
        return risk_rows(state.interview.register), message, state

    def draft_statement(self, state: PlanState, request: gr.Request):
        """Write the needs statement from the answers, risks and shortlist; returns (text, preview, .md, .docx, note)."""
        statement = self._outputs(self._ready(state)).statement_md
        return (statement,) + self.save_statement(statement, state, request)[1:]

    def save_statement(self, statement: str, state: PlanState, request: gr.Request):
        """Save the edited statement and prepare its downloads; returns (text, preview, .md, .docx, note)."""
        if not (statement or "").strip():
            return statement, "", gr.update(), gr.update(), "Draft the statement first."
        self._ready(state)
        self._save(state, current_user(request), statement_md=statement)
        markdown, document = write_downloads(statement, state.interview.title())
        missing = state.interview.missing_required()
        note = "Saved. " + (f"{len(missing)} required questions are still open; they are listed in the statement."
                            if missing else "Every required question is answered.")
        return (statement, inert_markdown(statement), gr.update(value=str(markdown), interactive=True),
                gr.update(value=str(document), interactive=True), note)

    def decision(self, state: PlanState):
        """Return the pairs, per-function candidates, relax choices, weights and scoring matrix for the plan."""
        interview = self._ready(state)
        outputs = self._outputs(interview)
        choices = relax_choices(outputs.shortlist, interview.relaxed)
        relaxed = ("Relaxed so far: " + "; ".join(relax_label(k) for k in interview.relaxed)) if interview.relaxed else ""
        matrix = "\n".join(matrix_markdown(outputs.matrix)) if outputs.matrix else ""
        return (pair_rows(outputs.shortlist), function_markdown(outputs.shortlist),
                gr.update(choices=choices, value=None, interactive=bool(choices)), relaxed,
                weight_rows(interview.weights), inert_markdown(matrix))

    def relax(self, key: str | None, state: PlanState, request: gr.Request):
        """Turn the chosen hard requirement into a preference (one click on a near miss)."""
        if key:
            self._ready(state).relax(key)
            self._save(state, current_user(request))
        return self.decision(state)

    def harden(self, state: PlanState, request: gr.Request):
        """Make every relaxed requirement hard again."""
        self._ready(state).unrelax()
        self._save(state, current_user(request))
        return self.decision(state)

    def save_weights(self, rows, state: PlanState, request: gr.Request):
        """Apply the edited scoring weights; returns the decision outputs and a note."""
        weights, problems = read_weights(list(rows or []))
        interview = self._ready(state)
        interview.weights = {**interview.weights, **weights}
        self._save(state, current_user(request))
        note = "Weights saved." if not problems else "Saved, except:\n" + "\n".join(
            f"- {inert_markdown(p)}" for p in problems)
        return self.decision(state) + (note,)

    def documents(self, state: PlanState):
        """Prepare the RFP preview and the scoring-matrix and RFP downloads from the current answers."""
        interview = self._ready(state)
        outputs = self._outputs(interview)
        matrix, rfp_md, rfp_docx = write_documents(outputs.matrix_md, outputs.rfp_md, interview.title())
        ready = {"interactive": True}
        return (inert_markdown(outputs.rfp_md), gr.update(value=str(matrix), **ready),
                gr.update(value=str(rfp_md), **ready), gr.update(value=str(rfp_docx), **ready))

    @staticmethod
    def preview(statement: str) -> str:
        """Return the statement as inert Markdown for the preview."""
        return inert_markdown(statement or "")

    def open_draft(self, draft_id: str | None, state: PlanState, request: gr.Request):
        """Reopen one of the user's saved drafts, with its edited statement."""
        user = current_user(request)
        unchanged = (gr.update(),) * 5
        try:
            draft = load_draft(self.settings, user, draft_id) if draft_id else None
            if draft is None:
                return self.view(state, user, "That plan no longer exists.") + unchanged
            state = PlanState(self._with_reader(Interview.from_dict(self.settings, draft.state)), draft.id)
        except (DraftError, InterviewError) as exc:
            return self.view(state, user, inert_markdown(str(exc))) + unchanged
        message = f"Reopened “{inert_markdown(draft.title)}”."
        return self.view(state, user, message, self._prefill(state)) + self.loaded_statement(draft.statement_md)

    def delete(self, draft_id: str | None, state: PlanState, request: gr.Request):
        """Delete the selected draft; the interview on screen starts afresh if it was that draft."""
        user = current_user(request)
        target = draft_id or state.draft_id
        if not target:
            return self.view(state, user, "Select a saved plan to delete.")
        delete_draft(self.settings, user, target)
        if target == state.draft_id:
            return self.start(None, request)
        return self.view(state, user, "Plan deleted.")


class PlanningTab:
    """The components of the Plan tab other tabs drive (starting a plan from the chat)."""

    def __init__(self, handlers: PlanningHandlers, demo: gr.Blocks):
        self.handlers = handlers
        self.state = gr.State(PlanState())
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=230):
                self.new = gr.Button("New plan", variant="primary", elem_id="plan-new")
                self.drafts = gr.Radio(label="Saved plans", choices=[], elem_id="plan-drafts",
                                       info="Saved as you answer; only you can see them.")
                self.delete = gr.Button("Delete selected plan", size="sm", elem_id="plan-delete")
            with gr.Column(scale=4):
                gr.Markdown(INTRO)
                with gr.Tabs(elem_id="plan-steps"):
                    with gr.Tab("Interview", id="interview"):
                        self._interview()
                    with gr.Tab("Risk register", id="risks"):
                        self._risks()
                    with gr.Tab("Vendor shortlist", id="shortlist"):
                        self._shortlist()
                    with gr.Tab("Scoring matrix", id="matrix"):
                        self._matrix()
                    with gr.Tab("Needs statement", id="statement"):
                        self._statement()
                    with gr.Tab("RFP draft", id="rfp"):
                        self._rfp()
        self._wire(demo)

    def _interview(self) -> None:
        self.reply = gr.Markdown(elem_id="plan-reply")
        self.question = gr.Markdown(elem_id="plan-question")
        self.box = gr.Textbox(label="Your answer", lines=1, max_lines=8, submit_btn="Answer", elem_id="plan-answer")
        with gr.Row():
            self.back = gr.Button("Back", size="sm", elem_id="plan-back")
            self.skip = gr.Button("Skip", size="sm", elem_id="plan-skip")
        self.answers = gr.Dataframe(headers=ANSWER_COLUMNS, interactive=False, wrap=True, max_height=360,
                                    column_widths=["30%", "70%"], elem_id="plan-answers", elem_classes="plain-table",
                                    label="Your answers (click one to change it)")

    def _risks(self) -> None:
        gr.Markdown("Risks proposed for the functions you chose, each with a mitigation. Rate likelihood and "
                    "impact from 1 to 5, set owners, edit any text, clear a risk's name to remove it, or add a "
                    "row for your own risk; then save.")
        # Gradio's frontend offers "Add column" unless the count is "fixed" (static_columns alone does not stop it,
        # and column_limits is not implemented yet); rows stay dynamic so the user can add a risk.
        self.risks = gr.Dataframe(headers=RISK_COLUMNS, datatype=RISK_TYPES, interactive=True, wrap=True, type="array",
                                  static_columns=[4, 7, 8], column_count=(len(RISK_COLUMNS), "fixed"), row_count=1, elem_id="plan-risks", column_widths=RISK_WIDTHS,
                                  elem_classes="plain-table", label="Risk register", max_height=560)
        self.save_risks = gr.Button("Save risk changes", variant="primary", elem_id="plan-save-risks")
        self.risk_note = gr.Markdown(elem_id="plan-risk-note")

    def _shortlist(self) -> None:
        gr.Markdown("Vendor profiles that meet every hard requirement in your answers, best fit first. "
                    "The shipped profiles are fictional samples.")
        self.shortlist = gr.Dataframe(headers=SHORTLIST_COLUMNS, interactive=False, wrap=True, elem_id="plan-shortlist",
                                      column_widths=["5%", "22%", "8%", "40%", "25%"], elem_classes="plain-table",
                                      label="Shortlist")
        self.shortlist_note = gr.Markdown()
        gr.Markdown("**No single vendor does everything?** Pairs of vendors that together cover every function:")
        self.pairs = gr.Dataframe(headers=PAIR_COLUMNS, interactive=False, wrap=True, elem_id="plan-pairs",
                                  column_widths=["5%", "35%", "12%", "48%"], elem_classes="plain-table",
                                  label="Vendor pairs")
        self.functions = gr.Markdown(elem_id="plan-functions")
        with gr.Row():
            self.relax_choice = gr.Dropdown(label="Relax a requirement a near miss misses", choices=[],
                                            interactive=False, elem_id="plan-relax-choice", scale=4)
            self.relax_button = gr.Button("Relax it", elem_id="plan-relax", scale=1)
            self.harden_button = gr.Button("Make all hard again", size="sm", elem_id="plan-harden", scale=1)
        self.relax_note = gr.Markdown(elem_id="plan-relax-note")

    def _matrix(self) -> None:
        gr.Markdown("Each candidate scored 0-5 per criterion from its profile, with the reason and the profile "
                    "field it rests on. Change the weights (0 leaves a criterion out) and apply them.")
        self.weights = gr.Dataframe(headers=WEIGHT_COLUMNS, datatype=["str", "number", "str"], interactive=True,
                                    type="array", static_columns=[0, 2], column_count=(len(WEIGHT_COLUMNS), "fixed"),
                                    row_count=(len(WEIGHT_ROWS), "fixed"), column_widths=["50%", "25%", "25%"], elem_id="plan-weights",
                                    elem_classes="plain-table", label="Weights")
        self.save_weights = gr.Button("Apply weights", variant="primary", elem_id="plan-save-weights")
        self.weights_note = gr.Markdown(elem_id="plan-weights-note")
        self.matrix = gr.Markdown(elem_id="plan-matrix")

    def _rfp(self) -> None:
        gr.Markdown("A request for proposal drafted from your answers: numbered requirements vendors can answer, "
                    "service levels, security due-diligence questions and the evaluation weights. It is prepared when you "
                    "draft the statement.")
        with gr.Row():
            self.download_matrix = gr.DownloadButton("Download scoring matrix .md", interactive=False,
                                                     elem_id="plan-download-matrix")
            self.download_rfp_md = gr.DownloadButton("Download RFP .md", interactive=False,
                                                     elem_id="plan-download-rfp-md")
            self.download_rfp_docx = gr.DownloadButton("Download RFP .docx", interactive=False,
                                                       elem_id="plan-download-rfp-docx")
        self.rfp = gr.Markdown(elem_id="plan-rfp", height=640, container=True)

    def decision_outputs(self) -> list:
        """Return the components of PlanningHandlers.decision, in order."""
        return [self.pairs, self.functions, self.relax_choice, self.relax_note, self.weights, self.matrix]

    def document_outputs(self) -> list:
        """Return the components of PlanningHandlers.documents, in order."""
        return [self.rfp, self.download_matrix, self.download_rfp_md, self.download_rfp_docx]

    def _statement(self) -> None:
        gr.Markdown("Draft the statement once the interview is done, edit it here, then download it. "
                    "Drafting again starts from your answers and replaces your edits.")
        with gr.Row():
            self.draft = gr.Button("Draft the statement from my answers", variant="primary", elem_id="plan-draft")
            self.save = gr.Button("Save my edits", elem_id="plan-save")
        self.statement_note = gr.Markdown(elem_id="plan-statement-note")
        with gr.Row(equal_height=False):
            self.statement = gr.Textbox(label="Needs statement (Markdown, editable)", lines=24, max_lines=60,
                                        elem_id="plan-statement")
            self.preview = gr.Markdown(elem_id="plan-preview", height=640, container=True)
        with gr.Row():
            self.download_md = gr.DownloadButton("Download .md", interactive=False, elem_id="plan-download-md")
            self.download_docx = gr.DownloadButton("Download .docx", interactive=False, elem_id="plan-download-docx")

    def statement_outputs(self) -> list:
        """Return the components of the statement step, in PlanningHandlers.loaded_statement order."""
        return [self.statement, self.preview, self.download_md, self.download_docx, self.statement_note]

    def view_outputs(self) -> list:
        """Return the components every interview handler updates, in PlanningHandlers.view order."""
        return [self.question, self.reply, self.box, self.answers, self.risks, self.shortlist, self.shortlist_note,
                self.drafts, self.skip, self.state]

    def _wire(self, demo: gr.Blocks) -> None:
        h, view = self.handlers, self.view_outputs()
        quick = {"concurrency_limit": None, "api_visibility": "undocumented"}
        statement_outputs = self.statement_outputs()
        decision, documents = self.decision_outputs(), self.document_outputs()

        def then_decide(event):
            # The pairs, relax choices and matrix follow every change of the answers.
            return event.then(h.decision, self.state, decision, **quick)

        then_decide(demo.load(h.on_load, self.state, view, **quick))
        then_decide(self.new.click(h.new_plan, None, view, **quick).then(h.loaded_statement, None, statement_outputs,
                                                                          **quick))
        then_decide(self.box.submit(h.answer, [self.box, self.state], view, **quick))
        then_decide(self.skip.click(h.skip, self.state, view, **quick))
        self.back.click(h.back, self.state, view, **quick)
        self.answers.select(h.revisit, self.state, view, **quick)
        self.save_risks.click(h.save_risks, [self.risks, self.state], [self.risks, self.risk_note, self.state], **quick)
        self.relax_button.click(h.relax, [self.relax_choice, self.state], decision, **quick).then(
            h.on_load, self.state, view, **quick)
        self.harden_button.click(h.harden, self.state, decision, **quick).then(h.on_load, self.state, view, **quick)
        self.save_weights.click(h.save_weights, [self.weights, self.state], decision + [self.weights_note], **quick)
        self.draft.click(h.draft_statement, self.state, statement_outputs, **quick).then(
            h.documents, self.state, documents, **quick)
        self.save.click(h.save_statement, [self.statement, self.state], statement_outputs, **quick)
        self.statement.blur(h.preview, self.statement, self.preview, **quick)
        then_decide(self.drafts.input(h.open_draft, [self.drafts, self.state], view + statement_outputs, **quick))
        then_decide(self.delete.click(h.delete, [self.drafts, self.state], view, **quick))
