"""The document page: opened from a citation, it shows the cited passage where it stands in its document."""

import html
import logging
from urllib.parse import quote

import gradio as gr
from markdown_it import MarkdownIt

from assistant.knowledge.document_view import DocumentNotFound, DocumentView, open_view
from assistant.knowledge.store import StoreError
from assistant.web.auth import load_users

log = logging.getLogger(__name__)
PAGE_PATH = "document"
# Raw HTML in a document is shown as text: a stored passage is never markup the browser runs.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_SCROLL_TO_PASSAGE = """() => {
  // A PDF opens at its cited page (the image); other documents at the cited passage.
  const target = () => document.querySelector('#doc-page img') || document.querySelector('#cited');
  let tries = 0;
  const go = () => { const t = target(); if (t) { t.scrollIntoView({block: 'center'}); } else if (tries++ < 40) { setTimeout(go, 100); } };
  setTimeout(go, 200);
}"""


def document_link(passage_id: str) -> str:
    """Return the relative link that opens the document page at a passage."""
    return f"{PAGE_PATH}?passage={quote(passage_id)}"


def _label(view: DocumentView) -> str:
    where = [view.section.replace(" > ", " › ")] if view.section and view.section != "Introduction" else []
    if view.page is not None:
        where.append(f"page {view.page}" + (f" of {view.pages}" if view.pages else ""))
    return " · ".join(where)


def render_text(view: DocumentView) -> str:
    """Return the document's stored passages as safe HTML, the cited one marked and given id="cited"."""
    parts, section, page = [], None, None
    for passage in view.passages:
        if passage["page"] is not None and passage["page"] != page:
            page = passage["page"]
            parts.append(f'<div class="doc-page-label">Page {page}</div>')
        if passage["section"] != section:
            section = passage["section"]
            if section and section != "Introduction":
                parts.append(f"<h3>{html.escape(section.split(' > ')[-1])}</h3>")
        cited = passage["id"] == view.passage_id
        attributes = ' id="cited" class="doc-passage cited"' if cited else ' class="doc-passage"'
        parts.append(f"<div{attributes}>{_MARKDOWN.render(passage['text'])}</div>")
    return f'<div class="doc-text">{"".join(parts)}</div>'


class DocumentPage:
    """Event handlers of the document page."""

    def __init__(self, settings, store_of):
        self.settings = settings
        self.store_of = store_of  # a callable: the store may be reopened after uploads

    def show(self, request: gr.Request):
        """Return (heading, page image update, text HTML) for the passage named in the URL."""
        passage = (request.query_params.get("passage") or "").strip() if request else ""
        signed_in = getattr(request, "username", None)
        # With sign-in on, only a user the accounts file still holds may open documents.
        if self.settings.auth_file is not None and (not signed_in or signed_in not in load_users(self.settings.auth_file)):
            return "**Sign in to open documents.**", gr.update(visible=False), ""
        try:
            view = open_view(self.store_of(), passage, [self.settings.knowledge_dir, self.settings.uploads_dir])
        except DocumentNotFound as exc:
            return f"**Document not available:** {html.escape(str(exc))}.", gr.update(visible=False), ""
        except (StoreError, OSError, ValueError) as exc:
            log.warning("document view of %s failed: %s", passage, exc)
            return "**The document cannot be shown.** Try again in a moment.", gr.update(visible=False), ""
        heading = f"## {html.escape(view.title)}\n{html.escape(_label(view))} · `{html.escape(view.source)}`"
        image = gr.update(value=view.image, visible=view.image is not None)
        return heading, image, render_text(view)


def build_document_page(demo: gr.Blocks, page: DocumentPage) -> None:
    """Add the document page to the app (outside the navigation bar: it is opened from citations)."""
    with demo.route("Document", PAGE_PATH, show_in_navbar=False):
        gr.Navbar(visible=False)
        gr.Markdown("[← Back to the assistant](./)", elem_id="doc-back")
        heading = gr.Markdown(elem_id="doc-heading")
        image = gr.Image(show_label=False, interactive=False, visible=False, elem_id="doc-page", type="pil",
                         buttons=[], format="png")
        text = gr.HTML(elem_id="doc-body")
        demo.load(page.show, None, [heading, image, text], api_visibility="private",
                  concurrency_limit=None).then(None, None, None, js=_SCROLL_TO_PASSAGE)
