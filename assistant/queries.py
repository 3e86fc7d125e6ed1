"""Validate questions before they reach retrieval or a model."""


class QueryError(ValueError):
    """A question that cannot be searched, with a message for the user."""


def _valid_unicode(text: str) -> str:
    """Return text with invalid bytes (a terminal's surrogate escapes, lone surrogates) as U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # a surrogate that is no escaped byte: replace it alone
            return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def clean_query(text: str | None, max_chars: int) -> tuple[str, str | None]:
    """Return the normalised query and a notice if it was cut to the length limit."""
    query = " ".join(_valid_unicode(text or "").split())
    if not query:
        raise QueryError("the question is empty: type a question about IT outsourcing")
    if len(query) > max_chars:
        return query[:max_chars], f"the question was {len(query)} characters long; only the first {max_chars} were used"
    return query, None
