"""Grounded answering: condense, retrieve, gate, generate with citations, verify."""

from assistant.answering.assistant import Assistant
from assistant.answering.models import Answer, Turn

__all__ = ["Assistant", "Answer", "Turn"]
