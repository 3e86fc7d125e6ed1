"""IT outsourcing assistant: grounded answers and guided planning from a local knowledge base."""

from assistant.offline import enforce_offline

enforce_offline()

__version__ = "0.1.0"
