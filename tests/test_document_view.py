"""Opening a cited passage in its document: the PDF page highlighted, credentials blacked out, text kept inert."""

from types import SimpleNamespace

import pytest

from assistant.knowledge.document_view import DocumentNotFound, open_view
from assistant.web.document_page import DocumentPage, render_text
from assistant.web.sources import link_citations, render_answer
from document_corpus import pdf_document
from fakes import build_knowledge_base

KEY = "pk_live_51HxQe2F8a9Kd7Lm3Np0Qr"


@pytest.fixture
def kb(tmp_path):
    folder = tmp_path / "knowledge" / "policies"
    folder.mkdir(parents=True)
    pdf_document(folder / "agreement.pdf")
    from fpdf import FPDF

    secret = FPDF()
    secret.add_page()
    secret.set_font("Helvetica", size=12)
    secret.multi_cell(0, 8, f"Payroll integration. The payroll system sends salary files monthly. Payroll API key: {KEY}")
    secret.output(str(folder / "payroll.pdf"))
    extra = {"policies/notes.md": "# Notes\n\n## Access\n\nRaw <script>alert(1)</script> markup stays text.\n"}
    settings, retriever, _ = build_knowledge_base(tmp_path, extra)
    return settings, retriever.store


def passage(store, source_end, contains):
    data = store.chunks.get(include=["documents", "metadatas"])
    return next(i for i, t, m in zip(data["ids"], data["documents"], data["metadatas"])
                if m["source"].endswith(source_end) and contains in t)


def roots(settings):
    return [settings.knowledge_dir, settings.uploads_dir]


def test_a_pdf_passage_opens_at_its_page_with_the_passage_highlighted(kb):
    settings, store = kb
    cited = passage(store, "agreement.pdf", "Onshore delivery")
    view = open_view(store, cited, roots(settings))
    assert (view.page, view.pages, view.section) == (3, 3, "4. Delivery models")
    image = view.image
    assert image is not None and image.size[0] > 800
    # Highlighted text turns the white page yellow somewhere; a plain page has no yellow at all.
    yellow = sum(1 for r, g, b in image.getdata() if r > 240 and g > 200 and b < 190)
    assert yellow > 1000


def test_a_credential_on_a_pdf_page_is_blacked_out_in_the_image(kb):
    settings, store = kb
    cited = passage(store, "payroll.pdf", "Payroll integration")
    view = open_view(store, cited, roots(settings))
    assert all(KEY not in p["text"] for p in view.passages)
    dark = sum(1 for r, g, b in view.image.getdata() if r < 30 and g < 30 and b < 30)
    text_only = sum(1 for r, g, b in open_view(store, passage(store, "agreement.pdf", "Onshore"), roots(settings))
                    .image.getdata() if r < 30 and g < 30 and b < 30)
    assert dark > 2 * text_only / 3 and dark > 3000  # a solid bar, not just the glyphs


def test_text_documents_render_inert_with_the_cited_passage_marked(kb):
    settings, store = kb
    cited = passage(store, "notes.md", "markup")
    view = open_view(store, cited, roots(settings))
    assert view.image is None and view.page is None
    rendered = render_text(view)
    assert 'id="cited"' in rendered and "<script>" not in rendered and "&lt;script&gt;" in rendered


@pytest.mark.parametrize("passage_id", ["", "../../etc/passwd", "0" * 32])
def test_unknown_passages_are_not_found(kb, passage_id):
    settings, store = kb
    with pytest.raises(DocumentNotFound):
        open_view(store, passage_id, roots(settings))


def test_the_page_handler_explains_a_missing_passage_and_needs_sign_in(kb, tmp_path):
    settings, store = kb
    page = DocumentPage(settings, lambda: store)
    heading, image, html = page.show(SimpleNamespace(query_params={"passage": "deadbeef" * 4}, username=None))
    assert heading.startswith("**Document not available:**") and html == ""
    guarded = DocumentPage(settings.model_copy(update={"auth_file": tmp_path / "users.json"}), lambda: store)
    heading, _, _ = guarded.show(SimpleNamespace(query_params={"passage": passage(store, "notes.md", "markup")},
                                                 username=None))
    assert heading == "**Sign in to open documents.**"


def test_citations_link_to_the_document_of_their_source():
    sources = [{"id": "a" * 32, "title": "Agreement", "section": "Exit", "source": "x.pdf", "metadata": {"page": 4},
                "text": "Ninety days."}]
    linked = link_citations("Notice is ninety days. [1] Unknown [2].", sources)
    assert f"[\\[1\\]](document?passage={'a' * 32} \"Source 1: Agreement › Exit, p. 4\")" in linked
    assert linked.endswith("Unknown [2].")
    rendered = render_answer("Notice is ninety days. [1]", sources, "notice?")
    assert "Agreement › Exit, p. 4" in rendered and 'class="open-document"' in rendered
