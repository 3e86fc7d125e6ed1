"""The app's theme and CSS (local fonts only: the page must load with no network)."""

import gradio as gr

CSS = """
#header { align-items: center; }
#header #title h1 { margin-bottom: 0; font-size: 1.6rem; }
#header #title p { margin-top: 2px; color: var(--body-text-color-subdued); }
#whoami { text-align: right; }
#history-panel .wrap { flex-direction: column; gap: 4px; }
#history-panel label { width: 100%; }
#conversations { max-height: 470px; overflow-y: auto; }
.sources { margin-top: 10px; border-top: 1px solid var(--border-color-primary); padding-top: 6px; }
.sources-label { font-size: 0.8rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em;
                 color: var(--body-text-color-subdued); margin-bottom: 4px; }
details.source { margin: 4px 0; border: 1px solid var(--border-color-primary); border-radius: 6px;
                 padding: 4px 8px; background: var(--background-fill-secondary); }
details.source summary { cursor: pointer; font-size: 0.9rem; }
details.source .cite { font-weight: 700; color: var(--color-accent); }
details.source .source-meta { font-size: 0.75rem; color: var(--body-text-color-subdued); margin: 4px 0; }
details.source .passage { font-size: 0.875rem; line-height: 1.45; }
details.source mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.plain-table { --font-mono: var(--font); }
#plan-question { font-size: 1.05rem; }
/* Words in the scoring matrix wrap between words, never inside one ("Certific ations"). */
#plan-matrix table { font-size: 0.85rem; }
#plan-matrix th, #plan-matrix td { word-break: normal; overflow-wrap: normal; hyphens: manual; padding: 4px 6px; }
details.source .open-document { font-weight: 600; }
#doc-page img { max-width: 100%; height: auto; border: 1px solid var(--border-color-primary); }
.doc-text { max-width: 860px; line-height: 1.55; }
.doc-passage { padding: 2px 12px; margin: 6px 0; border-left: 4px solid transparent; }
.doc-passage.cited { background: #fef3c7; border-left-color: #f59e0b; border-radius: 4px; }
.doc-page-label { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.05em;
                  color: var(--body-text-color-subdued); margin-top: 18px; }
"""


def theme() -> gr.themes.Base:
    """Return the app theme."""
    return gr.themes.Soft(primary_hue="blue", secondary_hue="slate", neutral_hue="slate")
