"""Guided planning: an interview that turns an employee's answers into a needs statement, risks and a shortlist.

It follows the guide's first steps (define needs, choose a partner, prepare the contract). Questions and their
order live in `interview.yaml`; the risk catalogue is `knowledge/practices/outsourcing-risks-and-mitigations.md`.
Everything is deterministic; an LLM may only reword the statement through the `polish` hook.

The API the web UI and the CLI use::

    from assistant.planning import Interview, build_outputs, statement_to_docx, save_draft, load_draft
    from assistant.vendors import load_vendors

    request = is_planning_request("I want to outsource our helpdesk")   # truthy; request.services == (it_support,)
    interview = Interview.start(settings, opening="I want to outsource our helpdesk")
    question = interview.current_question()         # Question(id, label, prompt, explain, cite, required, ...)
    interview.citation(question)                    # GuideCitation(section, document, source, excerpt) or None
    reply = interview.answer("about 10k a month")   # Reply(accepted, message, question): the next question,
                                                    # or the same one with a re-ask message when unparseable
    interview.skip(); interview.back(); interview.go_to("budget")
    interview.revise("budget", "12k EUR a month")   # Reply; any answer can be changed at any time
    interview.proposed_risks()                      # [RiskEntry] for the chosen services, each with a mitigation
    interview.register.rate("vendor-lock-in", 4, 3) # also edit(id, **fields), remove(id), add(risk, ...)
    interview.relax("residency")                    # a near miss's requirement becomes a preference (unrelax())
    interview.weights = {"price_fit": 5}            # scoring weights by criterion id (scoring.yaml)
    outputs = build_outputs(interview, load_vendors(settings.knowledge_dir / "vendors"), polish=None)
    outputs.statement_md, outputs.register, outputs.shortlist   # PlanOutputs; shortlist.pairs, .near_misses,
    outputs.matrix_md, outputs.rfp_md, outputs.costs            # .by_function; the matrix, RFP and costs
    docx_bytes = statement_to_docx(edited_markdown)            # the (edited) Markdown, risk table included

    draft_id = save_draft(settings, user, interview, statement_md=edited_markdown)   # new id, or pass draft_id=
    draft = load_draft(settings, user, draft_id)    # Draft(id, title, updated_at, state, statement_md) or None
    interview = Interview.from_dict(settings, draft.state)
    list_drafts(settings, user); delete_draft(settings, user, draft_id)

`polish` is any callable `text -> text` (for example an LLM call with prompts/polish.md); rewrites that add a
number or drop a table row are rejected, so polishing cannot invent facts.
"""

from assistant.planning.citations import GuideCitation
from assistant.planning.docx_export import statement_to_docx
from assistant.planning.intent import PlanningRequest, is_planning_request
from assistant.planning.interview import Interview, InterviewError, Reply
from assistant.planning.outputs import PlanOutputs, build_outputs
from assistant.planning.parsing import ParseError, parse_answer
from assistant.planning.polish import polish_statement
from assistant.planning.questions import Question, QuestionsError, load_questions
from assistant.planning.risks import RiskCatalogueError, RiskEntry, RiskError, RiskRegister, apply_risk_changes
from assistant.planning.shortlist import Shortlist, VendorFit, rank_vendors
from assistant.planning.statement import render_statement, statement_headings
from assistant.planning.store import Draft, DraftError, DraftSummary, delete_draft, list_drafts, load_draft, save_draft

__all__ = [
    "Draft", "DraftError", "DraftSummary", "GuideCitation", "Interview", "InterviewError", "ParseError",
    "PlanOutputs", "PlanningRequest", "Question", "QuestionsError", "Reply", "RiskCatalogueError", "RiskEntry",
    "RiskError", "RiskRegister", "Shortlist", "VendorFit", "apply_risk_changes", "build_outputs", "delete_draft",
    "is_planning_request", "list_drafts", "load_draft", "load_questions", "parse_answer", "polish_statement",
    "rank_vendors", "render_statement", "save_draft", "statement_headings", "statement_to_docx",
]
