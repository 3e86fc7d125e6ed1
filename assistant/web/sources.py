"""Render answers and their cited passages as inert HTML/Markdown for the chat."""

import html
import re

from assistant.knowledge.lexical import tokenize

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’/][A-Za-z0-9]+)?")
KIND_LABELS = {"guide": "Guide", "practice": "Practice note", "vendor": "Vendor profile"}


def inert_markdown(text: str) -> str:
    """Neutralise raw HTML in Markdown text so tags show as text while Markdown still renders."""
    # Escaping only "<" is enough to stop any tag from forming; ">" must survive for block quotes.
    return text.replace("<", "&lt;")


def highlight(text: str, question: str) -> str:
    """Return the text HTML-escaped, with words that match the question's terms wrapped in <mark>."""
    terms = set(tokenize(question))
    out: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        out.append(html.escape(text[position : match.start()]))
        word = html.escape(match.group())
        out.append(f"<mark>{word}</mark>" if terms and terms & set(tokenize(match.group())) else word)
        position = match.end()
    out.append(html.escape(text[position:]))
    # <br> instead of newlines: a blank line would end the HTML block inside Markdown.
    return re.sub(r"\n+", "<br>", "".join(out).strip())


def kind_label(source: dict) -> str:
    """Return a reader-facing label for the kind of document a passage comes from."""
    kind = (source.get("metadata") or {}).get("kind", "document")
    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    return "Uploaded document" if str(source.get("source", "")).startswith("uploads/") else "Document"


def render_source(number: int, source: dict, question: str) -> str:
    """Return one cited passage as a collapsed <details> block."""
    title = html.escape(source.get("title") or source.get("source") or "Untitled")
    section = html.escape((source.get("section") or "").replace(" > ", " › "))
    heading = f"{title} › {section}" if section else title
    meta = f"{html.escape(kind_label(source))} · {html.escape(str(source.get('source', '')))}"
    return (
        f'<details class="source"><summary><span class="cite">[{number}]</span> {heading}</summary>'
        f'<div class="source-meta">{meta}</div>'
        f'<div class="passage">{highlight(source.get("text", ""), question)}</div></details>'
    )


def render_sources(sources: list[dict], question: str) -> str:
    """Return the cited passages of an answer as one HTML block (empty when there are none)."""
    if not sources:
        return ""
    blocks = "".join(render_source(n, s, question) for n, s in enumerate(sources, 1))
    return f'<div class="sources"><div class="sources-label">Sources</div>{blocks}</div>'


def render_answer(text: str, sources: list[dict], question: str, notice: str | None = None) -> str:
    """Return the chat message for an answer: inert Markdown, an optional notice, then its sources."""
    parts = []
    if notice:
        parts.append(f"*Note: {inert_markdown(notice)}*")
    parts.append(inert_markdown(text))
    rendered = render_sources(sources, question)
    if rendered:
        parts.append(rendered)
    return "\n\n".join(parts)
