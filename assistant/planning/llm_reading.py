"""Optional: read an answer with an LLM's structured output; the rule parsers stay the offline path and the judge.

The model fills a small pydantic model for the answer kinds where wording matters most (which functions are in
scope, which delivery models are ruled out). A reading is used only if every item it names is also named in the
answer by the rule vocabulary; otherwise, or on any error, the rule reading stands.
"""

import json
import re
from dataclasses import replace
from typing import Callable

from pydantic import BaseModel, ConfigDict

from assistant.planning import vocabulary as vocab
from assistant.planning.parse_terms import MODEL_PATTERNS, Delivery, Services
from assistant.prompts import render_prompt
from assistant.vendors import DeliveryModel, ServiceType

Reader = Callable[[str, str, str, object], object]


class ServicesReading(BaseModel):
    """Functions the answer wants outsourced, and those it keeps out of scope."""

    model_config = ConfigDict(extra="forbid")

    in_scope: list[ServiceType]
    out_of_scope: list[ServiceType] = []


class DeliveryReading(BaseModel):
    """Delivery models the answer accepts, and those it rules out."""

    model_config = ConfigDict(extra="forbid")

    preferred: list[DeliveryModel] = []
    ruled_out: list[DeliveryModel] = []


def _named(pattern: str, text: str) -> bool:
    return bool(re.search(pattern, text, re.IGNORECASE))


def _services(reading: ServicesReading, text: str, rules: Services) -> Services | None:
    named = reading.in_scope + reading.out_of_scope
    if not reading.in_scope and not rules.other:
        return None
    if set(reading.in_scope) & set(reading.out_of_scope):
        return None
    if not all(_named(vocab.SERVICE_PATTERNS[s], text) for s in named):
        return None  # the model named a function the answer does not mention
    types = tuple(t for t in ServiceType if t in reading.in_scope)
    out = tuple(t for t in ServiceType if t in reading.out_of_scope)
    because = rules.excluded_because or ((text,) if out else ())
    return replace(rules, types=types, excluded=out, excluded_because=because)


def _delivery(reading: DeliveryReading, text: str, rules: Delivery) -> Delivery | None:
    if set(reading.preferred) & set(reading.ruled_out):
        return None
    if not all(_named(MODEL_PATTERNS[m], text) for m in reading.preferred + reading.ruled_out):
        return None
    because = rules.excluded_because or (text if reading.ruled_out else "")
    return replace(rules, models=tuple(reading.preferred), excluded=tuple(reading.ruled_out), excluded_because=because)


READINGS = {"services": (ServicesReading, _services), "delivery": (DeliveryReading, _delivery)}


def _json(reply: str) -> str:
    # Models often wrap JSON in a code fence or a sentence; take the outermost object.
    start, end = reply.find("{"), reply.rfind("}")
    return reply[start: end + 1] if start != -1 and end > start else reply


def llm_reader(chat, prompts_dir) -> Reader:
    """Return a reader `(kind, question, answer, rule value) -> value` that asks `chat` and validates by the rules."""

    def read(kind: str, question: str, answer: str, rules):
        if kind not in READINGS or rules is None:
            return rules
        schema, check = READINGS[kind]
        prompt = render_prompt(prompts_dir, "plan_reading", question=question, answer=answer,
                               schema=json.dumps(schema.model_json_schema()))
        try:
            reply = chat.invoke(prompt)
            reading = schema.model_validate_json(_json(str(getattr(reply, "content", reply))))
        except Exception:  # noqa: BLE001 - backends raise their own errors (timeouts, HTTP); the rules stand
            return rules
        return check(reading, answer, rules) or rules

    return read
