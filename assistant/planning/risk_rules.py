"""Propose risk ratings from the answers with rules in risk_rules.yaml; the user can still change every rating."""

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.planning.risks import DEFAULT_RATING, RiskEntry
from assistant.planning.scope import PerFunction

RULES_FILE = Path(__file__).with_name("risk_rules.yaml")


class Change(BaseModel):
    """How far a rule moves a risk's likelihood and impact."""

    model_config = ConfigDict(extra="forbid")

    likelihood: int = 0
    impact: int = 0


class Rule(BaseModel):
    """One rating rule."""

    model_config = ConfigDict(extra="forbid")

    id: str
    when: dict
    because: str = Field(min_length=3)
    changes: dict[str, Change]


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """Return the rules, read once."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Rule.model_validate(item) for item in data["rules"])


def _texts(value, field: str) -> list[str]:
    """Return the values of a parsed answer's field as lowercase strings (enum values, item names)."""
    parts = [v for _, v in value.parts] + ([value.default] if value.default is not None else []) \
        if isinstance(value, PerFunction) else [value]
    found = []
    for part in parts:
        raw = getattr(part, field, None)
        for item in raw if isinstance(raw, (tuple, list)) else [raw]:
            if item is not None:
                found.append(str(getattr(item, "name", getattr(item, "value", item))).lower())
    return found


def holds(condition: dict, interview) -> bool:
    """Return whether the answers meet one rule condition."""
    if "any" in condition:
        return any(holds(c, interview) for c in condition["any"])
    if "value" in condition:
        value = interview.value_of(condition["value"])
        return value is not None and condition["contains"].lower() in _texts(value, condition["field"])
    if "answer" in condition:
        answers = interview.answers
        texts = answers.values() if condition["answer"] == "any" else [answers.get(condition["answer"], "")]
        return any(re.search(condition["matches"], t, re.IGNORECASE) for t in texts)
    if "functions_at_least" in condition:
        return len(interview.services) >= int(condition["functions_at_least"])
    raise ValueError(f"unknown rule condition {condition!r}")


def propose_ratings(entries: list[RiskEntry], interview) -> list[RiskEntry]:
    """Return the entries with likelihood and impact moved by every rule the answers meet, and the reasons."""
    fired = [rule for rule in load_rules() if holds(rule.when, interview)]
    proposed = []
    for entry in entries:
        likelihood = impact = DEFAULT_RATING
        reasons = []
        for rule in fired:
            change = rule.changes.get(entry.id)
            if change is None:
                continue
            likelihood += change.likelihood
            impact += change.impact
            moved = [f"{name} +{delta}" for name, delta in (("likelihood", change.likelihood),
                                                             ("impact", change.impact)) if delta]
            reasons.append(f"{', '.join(moved)}: {rule.because}")
        update = {"likelihood": min(max(likelihood, 1), 5), "impact": min(max(impact, 1), 5),
                  "reason": "; ".join(reasons)}
        proposed.append(entry.model_copy(update=update))
    return proposed
