"""The Knowledge tab: what the knowledge base holds, uploads with per-file results, removal."""

import logging
from collections import Counter
from pathlib import Path

import gradio as gr

from assistant.knowledge.ingest import describe_planted, describe_secrets
from assistant.knowledge.loaders import SUPPORTED_SUFFIXES
from assistant.knowledge.store import StoreError
from assistant.web.auth import current_user, is_admin
from assistant.web.uploads import UPLOAD_PREFIX, KnowledgeBase

log = logging.getLogger(__name__)
SOURCE_COLUMNS = ["Kind", "Title", "Source", "Passages", "Flagged at ingestion"]
RESULT_COLUMNS = ["File", "Result", "Details"]
KIND_NAMES = {"guide": "Guide", "practice": "Practice note", "vendor": "Vendor profile", "document": "Document"}
ADMINS_ONLY = "Only administrators can add or remove documents. Ask one if a document is missing."


def kind_name(source: str, kind: str) -> str:
    """Return how a source is labelled in the list."""
    if source.startswith(UPLOAD_PREFIX):
        return "Uploaded document"
    if kind == "vendor" and not source.endswith((".yaml", ".yml")):
        return "Document"  # e.g. the README that sits next to the vendor profiles
    return KIND_NAMES.get(kind, kind.capitalize())


class KnowledgeHandlers:
    """Event handlers of the Knowledge tab."""

    def __init__(self, settings, knowledge: KnowledgeBase):
        self.settings = settings
        self.knowledge = knowledge

    def listing(self):
        """Return (summary Markdown, table rows, removable uploads) for the current knowledge base."""
        try:
            manifest = self.knowledge.manifest()
        except Exception as exc:  # a Chroma server that is down raises several unrelated types
            log.warning("knowledge base listing failed: %s", exc)
            return ("**The knowledge base cannot be reached.** If it runs on a Chroma server "
                    "(ASSISTANT_CHROMA_URL), check that the server is up, then press Refresh list."), [], gr.update(choices=[], value=None)
        rows = sorted(
            ([kind_name(name, e.kind), e.title, name, len(e.chunk_ids),
              "; ".join(filter(None, [describe_secrets(e.secrets) and f"credentials blanked out: {describe_secrets(e.secrets)}",
                                      describe_planted(e.planted)]))]
             for name, e in manifest.sources.items()),
            key=lambda r: (r[0], r[1].lower()),
        )
        counts = Counter(row[0] for row in rows)
        parts = ", ".join(f"{n} {kind.lower()}{'s' if n != 1 else ''}" for kind, n in sorted(counts.items()))
        summary = (
            f"**{len(rows)} documents** ({parts}), **{sum(r[3] for r in rows)} passages** searchable."
            if rows else "**The knowledge base is empty.** Run `assistant ingest` or upload documents below."
        )
        flagged = sum(1 for r in rows if r[4])
        if flagged:
            summary += (f" **{flagged} document{'s' if flagged != 1 else ''} flagged** (see the last column): "
                        "credentials are blanked out before storing (rotate them, and remove them from the source "
                        "files); instructions addressed to an AI model are kept but never quoted.")
        uploads = [r[2] for r in rows if r[2].startswith(UPLOAD_PREFIX)]
        return summary, rows, gr.update(choices=uploads, value=None)

    def on_load(self, request: gr.Request):
        """Show the listing, and the upload controls only to users allowed to change the knowledge base."""
        summary, rows, uploads = self.listing()
        allowed = is_admin(self.settings, current_user(request))
        note = "" if allowed else ADMINS_ONLY
        return summary, rows, uploads, gr.update(visible=allowed), gr.update(value=note, visible=not allowed)

    def upload(self, files: list[str] | None, request: gr.Request, progress=gr.Progress()):
        """Ingest uploaded files; returns (results table, summary, listing, removable uploads, file input)."""
        summary, rows, uploads = self.listing()
        if not is_admin(self.settings, current_user(request)):
            return [["", "refused", ADMINS_ONLY]], summary, rows, uploads, None
        if not files:
            gr.Info("Choose one or more files first.")
            return [], summary, rows, uploads, None
        paths = [(Path(f), Path(f).name) for f in files]
        results = self.knowledge.add_many(paths, progress=lambda fraction, text: progress(fraction, desc=text))
        progress(1.0, desc="Done")
        table = [[r.filename, r.status, r.detail] for r in results]
        summary, rows, uploads = self.listing()
        return table, summary, rows, uploads, None

    def remove(self, source: str | None, request: gr.Request):
        """Remove an uploaded document; returns (message, summary, listing, removable uploads)."""
        if not is_admin(self.settings, current_user(request)):
            message = ADMINS_ONLY
        elif not source:
            message = "Choose an uploaded document to remove."
        else:
            try:
                removed = self.knowledge.remove(source)
                message = f"Removed `{source}`." if removed else f"`{source}` was not in the knowledge base."
            except (ValueError, StoreError) as exc:  # StoreError: another process holds the knowledge base
                message = str(exc)
        return (message, *self.listing())


def build_knowledge_tab(handlers: KnowledgeHandlers, demo: gr.Blocks) -> None:
    """Lay out the Knowledge tab inside the current Blocks context and wire its events."""
    summary = gr.Markdown(elem_id="kb-summary")
    table = gr.Dataframe(headers=SOURCE_COLUMNS, datatype=["str", "str", "str", "number", "str"], interactive=False,
                         wrap=True, max_height=420, show_search="search", label="Documents and vendor profiles",
                         column_widths=["16%", "34%", "40%", "10%"], elem_id="kb-sources", elem_classes="plain-table")
    refresh = gr.Button("Refresh list", size="sm")
    note = gr.Markdown(visible=False, elem_id="kb-note")
    accepted = ", ".join(sorted(SUPPORTED_SUFFIXES))
    limit = f"{handlers.settings.max_upload_mb:g} MB"
    with gr.Row(visible=False, equal_height=False) as manage:
        with gr.Column(scale=3):
            gr.Markdown(f"### Add documents\nAccepted: {accepted}; up to {limit} each. "
                        "A file with the same name as an earlier upload replaces it.")
            files = gr.File(file_count="multiple", label="Documents to add", elem_id="kb-upload", height=160)
            add = gr.Button("Add to knowledge base", variant="primary", elem_id="kb-add")
            results = gr.Dataframe(headers=RESULT_COLUMNS, interactive=False, wrap=True, label="Upload results",
                                   column_widths=["30%", "15%", "55%"], elem_id="kb-results",
                                   elem_classes="plain-table")
        with gr.Column(scale=2):
            gr.Markdown("### Remove an uploaded document\nBuilt-in guide and vendor files are managed in the "
                        "`knowledge/` folder instead.")
            uploads = gr.Dropdown(label="Uploaded documents", choices=[], elem_id="kb-remove-choice")
            remove = gr.Button("Remove document", variant="stop", elem_id="kb-remove")
            removed = gr.Markdown(elem_id="kb-removed")
    demo.load(handlers.on_load, None, [summary, table, uploads, manage, note], concurrency_limit=None,
              api_visibility="undocumented")
    refresh.click(handlers.listing, None, [summary, table, uploads], concurrency_limit=None, api_name="sources")
    # One ingestion at a time: they share the embedding model and the store's manifest.
    add.click(handlers.upload, files, [results, summary, table, uploads, files], concurrency_limit=1,
              concurrency_id="knowledge", api_name="upload")
    remove.click(handlers.remove, uploads, [removed, summary, table, uploads], concurrency_limit=1,
                 concurrency_id="knowledge", api_name="remove_document")
