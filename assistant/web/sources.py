"""Render answers and their cited passages as inert HTML/Markdown for the chat."""

import html
import re

from assistant.knowledge.lexical import tokenize
from assistant.web.document_page import document_link

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


def source_place(source: dict) -> str:
    """Return where a passage stands, as a reader says it: "Title › Section, p. 4"."""
    title = source.get("title") or source.get("source") or "Untitled"
    section = (source.get("section") or "").replace(" > ", " › ")
    place = f"{title} › {section}" if section and section != "Introduction" else title
    page = (source.get("metadata") or {}).get("page")
    return f"{place}, p. {page}" if page is not None else place


def render_source(number: int, source: dict, question: str) -> str:
    """Return one cited passage as a collapsed <details> block with a link that opens its document."""
    meta = f"{html.escape(kind_label(source))} · {html.escape(str(source.get('source', '')))}"
    opener = (f' · <a class="open-document" href="{html.escape(document_link(source["id"]))}" target="_blank"'
              f' rel="noopener">Open document</a>' if source.get("id") else "")
    return (
        f'<details class="source"><summary><span class="cite">[{number}]</span> {html.escape(source_place(source))}</summary>'
        f'<div class="source-meta">{meta}{opener}</div>'
        f'<div class="passage">{highlight(source.get("text", ""), question)}</div></details>'
    )


def link_citations(text: str, sources: list[dict]) -> str:
    """Turn each [n] of an answer into a link that opens the cited passage in its document."""
    def link(match: re.Match) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(sources) or not sources[number - 1].get("id"):
            return match.group(0)
        source = sources[number - 1]
        tip = html.escape(source_place(source)).replace("(", "&#40;").replace(")", "&#41;")
        return f'[\\[{number}\\]]({document_link(source["id"])} "Source {number}: {tip}")'

    return re.sub(r"\[(\d+)\]", link, text)


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
    parts.append(link_citations(inert_markdown(text), sources))
    rendered = render_sources(sources, question)
    if rendered:
        parts.append(rendered)
    return "\n\n".join(parts)
