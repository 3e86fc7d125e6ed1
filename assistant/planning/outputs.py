"""Build everything a finished (or partly finished) interview produces: statement, register and shortlist."""

from dataclasses import dataclass
from datetime import date

from assistant.planning.polish import Rewrite, polish_statement
from assistant.planning.requirements import Requirements
from assistant.planning.risks import RiskRegister
from assistant.planning.shortlist import Shortlist, rank_vendors
from assistant.planning.statement import render_statement
from assistant.vendors import VendorProfile


@dataclass
class PlanOutputs:
    """The needs statement (Markdown), the risk register and the ranked vendor shortlist."""

    statement_md: str
    register: RiskRegister
    shortlist: Shortlist
    requirements: Requirements


def build_outputs(interview, vendors: list[VendorProfile], polish: Rewrite | None = None,
                  today: date | None = None, shortlist_size: int | None = 5) -> PlanOutputs:
    """Rank the vendors against the answers and render the statement; `polish` optionally rewords its prose."""
    requirements = Requirements.from_interview(interview)
    shortlist = rank_vendors(requirements, vendors, limit=shortlist_size)
    statement = render_statement(interview, shortlist, today=today)
    if polish is not None:
        statement = polish_statement(statement, polish)
    return PlanOutputs(statement, interview.register, shortlist, requirements)
