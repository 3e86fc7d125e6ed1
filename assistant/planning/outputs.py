"""Build everything a finished (or partly finished) interview produces: statement, register, shortlist, matrix, RFP."""

from dataclasses import dataclass
from datetime import date

from assistant.planning.cost import CostEstimate, cost_markdown, cost_rows
from assistant.planning.polish import Rewrite, polish_statement
from assistant.planning.requirements import Requirements
from assistant.planning.rfp import render_rfp
from assistant.planning.risks import RiskRegister
from assistant.planning.scoring import ScoringMatrix, matrix_markdown, matrix_vendors, score_vendors
from assistant.planning.shortlist import Shortlist, rank_vendors
from assistant.planning.statement import render_statement
from assistant.vendors import VendorProfile


@dataclass
class PlanOutputs:
    """The needs statement (Markdown), the risk register, the shortlist, the scoring matrix and the RFP draft."""

    statement_md: str
    register: RiskRegister
    shortlist: Shortlist
    requirements: Requirements
    matrix: ScoringMatrix | None = None
    matrix_md: str = ""
    rfp_md: str = ""
    costs: list[CostEstimate] | None = None


def build_outputs(interview, vendors: list[VendorProfile], polish: Rewrite | None = None,
                  today: date | None = None, shortlist_size: int | None = 5) -> PlanOutputs:
    """Rank and score the vendors against the answers, render the statement and the RFP; `polish` rewords prose."""
    requirements = Requirements.from_interview(interview)
    shortlist = rank_vendors(requirements, vendors, limit=shortlist_size)
    matrix = score_vendors(requirements, matrix_vendors(requirements, shortlist, vendors),
                           getattr(interview, "weights", None))
    costs = cost_rows(requirements, shortlist, vendors)
    statement = render_statement(interview, shortlist, today=today, matrix=matrix,
                                 costs=cost_markdown(requirements, costs))
    if polish is not None:
        statement = polish_statement(statement, polish)
    title = interview.title() if hasattr(interview, "title") else "Outsourcing plan"
    matrix_md = "\n".join([f"# Scoring matrix: {title.removeprefix('Outsourcing plan: ')}", ""]
                          + matrix_markdown(matrix)) + "\n"
    rfp = render_rfp(interview, requirements, matrix, today=today)
    return PlanOutputs(statement, interview.register, shortlist, requirements, matrix, matrix_md, rfp, costs)
