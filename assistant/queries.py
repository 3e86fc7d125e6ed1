"""Validate questions before they reach retrieval or a model."""


class QueryError(ValueError):
    """A question that cannot be searched, with a message for the user."""


def clean_query(text: str | None, max_chars: int) -> tuple[str, str | None]:
    """Return the normalised query and a notice if it was cut to the length limit."""
    query = " ".join((text or "").split())
    if not query:
        raise QueryError("the question is empty: type a question about IT outsourcing")
    if len(query) > max_chars:
        return query[:max_chars], f"the question was {len(query)} characters long; only the first {max_chars} were used"
    return query, None
