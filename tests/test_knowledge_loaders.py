"""Reading Markdown, text, HTML, DOCX and PDF, and clear reasons for files that cannot be used."""

import io
import zipfile

import pytest

from assistant.knowledge.chunking import chunk_document
from assistant.knowledge.loaders import DocumentError, load_document

MB = 1_000_000


def make_docx(path, heading="Vendor Policy", paragraphs=("Outsource only non-core IT work.",), table=None):
    import docx

    document = docx.Document()
    document.add_heading(heading, 0)
    document.add_heading("Scope", 1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.add_paragraph("Check the SLA every quarter.", style="List Bullet")
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def make_pdf(path, pages=("Vendor due diligence checklist. Check the SLA and data residency.",)):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 10, text)
    pdf.output(str(path))
    return path


def test_markdown_keeps_headings_and_title(tmp_path):
    path = tmp_path / "policy.md"
    path.write_text("# Sourcing Policy\n\n## Scope\n\nOnly non-core work.\n", encoding="utf-8")
    doc = load_document(path, MB)
    assert (doc.title, doc.kind) == ("Sourcing Policy", "markdown")
    assert "## Scope" in doc.text


def test_text_file_title_falls_back_to_file_name(tmp_path):
    path = tmp_path / "vendor_notes-2024.txt"
    path.write_bytes("Caf\xe9 vendor notes: the SLA is 99.9%.".encode("cp1252"))  # not UTF-8
    doc = load_document(path, MB)
    assert (doc.title, doc.kind) == ("vendor notes 2024", "text")
    assert "Café vendor notes" in doc.text


def test_html_drops_scripts_navigation_and_keeps_structure(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        """<html><head><title>Cloud Outsourcing</title><style>p {color: red}</style>
        <script>var tracking = "secret-tracker";</script></head>
        <body><nav><a href="/">Home</a> Menu entry</nav>
        <h2>Benefits</h2><p>Cloud outsourcing   scales   on demand.</p>
        <ul><li>Backups</li><li>Hosting</li></ul>
        <script>alert("popup")</script><noscript>Enable JavaScript</noscript>
        <footer>Copyright footer text</footer></body></html>""",
        encoding="utf-8",
    )
    doc = load_document(path, MB)
    assert doc.kind == "html" and doc.title == "Cloud Outsourcing"
    assert "## Benefits" in doc.text
    assert "Cloud outsourcing scales on demand." in doc.text
    assert "- Backups" in doc.text
    for unwanted in ("secret-tracker", "popup", "color: red", "Menu entry", "Copyright footer", "Enable JavaScript"):
        assert unwanted not in doc.text


def test_docx_headings_lists_and_tables(tmp_path):
    path = make_docx(tmp_path / "policy.docx", table=[["Vendor", "SLA"], ["Harbor", "99.9%"]])
    doc = load_document(path, MB)
    assert doc.kind == "docx" and doc.title == "Vendor Policy"
    assert "## Scope" in doc.text
    assert "Outsource only non-core IT work." in doc.text
    assert "- Check the SLA every quarter." in doc.text
    assert "Harbor | 99.9%" in doc.text
    sections = {c.section for c in chunk_document(doc.text, "x.docx", doc.title, 900)}
    assert sections == {"Scope"}


def test_pdf_chunks_keep_their_page_and_no_page_labels(tmp_path):
    path = make_pdf(tmp_path / "checklist.pdf", pages=("First page about SLAs.", "Second page about data residency."))
    doc = load_document(path, MB)
    assert doc.kind == "pdf" and doc.paginated
    assert "Page 1" not in doc.text and "Second page about data residency." in doc.text
    chunks = chunk_document(doc.text, "x.pdf", doc.title, 900)
    assert [(c.text, c.metadata["page"]) for c in chunks] == [
        ("First page about SLAs.", 1), ("Second page about data residency.", 2)]


def test_pdf_reads_back_as_written(tmp_path):
    from document_corpus import accuracy, pdf_document

    path = tmp_path / "agreement.pdf"
    expected = pdf_document(path)
    doc = load_document(path, MB)
    assert accuracy(expected, doc.text) >= 0.99, doc.text
    assert doc.title == "Managed Services Agreement"
    assert "confidential - page" not in doc.text  # the running footer is layout
    assert "| Security monitoring | 24/7 | 15 minutes |" in doc.text
    chunks = {c.section: c for c in chunk_document(doc.text, "a.pdf", doc.title, 1200)}
    # The paragraph that runs over the page break stays whole, cited at the page it starts on.
    termination = chunks["2. Termination"]
    assert termination.metadata["page"] == 1 and "The steering committee meets monthly" in termination.text
    assert chunks["4. Delivery models"].metadata["page"] == 3


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_docx_and_html_read_back_in_document_order(tmp_path, kind):
    from document_corpus import BUILDERS, accuracy

    path = tmp_path / f"agreement.{kind}"
    expected = BUILDERS[kind](path)
    text = load_document(path, MB).text
    assert accuracy(expected, text) >= 0.99, text
    assert text.count("Helpdesk") == 1  # a cell's paragraph is not read twice
    # The table stands where it stands in the document: between the service levels and the exit terms.
    assert text.index("Service levels") < text.index("| Helpdesk") < text.index("Either party may end")


def test_html_with_thousands_of_nested_items_is_read_quickly(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body><ul>" + "<li><ul>" * 3000 + "<li>Innermost item</li>" + "</ul></li>" * 3000
                    + "</ul></body></html>", encoding="utf-8")
    text = load_document(path, MB).text
    assert "Innermost item" in text and len(text) < 1000


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.md", b"", "the file is empty"),
        ("blank.txt", b"   \n\n  \t\n", "no readable text found"),
        ("slides.pptx", b"PK\x03\x04 whatever", "unsupported file type .pptx"),
        ("README", b"no suffix", "unsupported file type (none)"),
        ("binary.txt", b"abc\x00\x01\x02def", "looks like a binary file"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", "not a readable PDF"),
        ("fake.pdf", b"this is plain text renamed to .pdf", "not a readable PDF"),
        ("fake.docx", b"this is plain text renamed to .docx", "not a readable DOCX file"),
    ],
)
def test_unusable_files_give_a_clear_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=reason.replace("(", r"\(").replace(")", r"\)")) as caught:
        load_document(path, MB)
    assert "\n" not in str(caught.value)  # one line per file in reports


def test_truncated_pdf_is_reported(tmp_path):
    good = make_pdf(tmp_path / "good.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(DocumentError, match="not a readable PDF"):
        load_document(path, MB)


def test_pdf_without_text_asks_for_ocr(tmp_path):
    path = make_pdf(tmp_path / "scan.pdf", pages=("",))
    with pytest.raises(DocumentError, match="OCR"):
        load_document(path, MB)


def test_docx_with_broken_xml_is_reported_not_raised(tmp_path):
    good = make_docx(tmp_path / "good.docx").read_bytes()
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    path = tmp_path / "broken.docx"
    path.write_bytes(broken.getvalue())
    with pytest.raises(DocumentError, match="not a readable DOCX file"):
        load_document(path, MB)


def test_pdf_with_a_damaged_index_is_repaired_quietly(tmp_path, capsys, caplog):
    good = make_pdf(tmp_path / "good.pdf").read_bytes()
    path = tmp_path / "damaged.pdf"
    path.write_bytes(good.replace(b"startxref", b"startxrex").replace(b"%%EOF", b""))
    assert "Vendor due diligence checklist." in load_document(path, MB).text
    assert not caplog.records
    assert capsys.readouterr().err == ""


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.md"
    path.write_text("# Big\n\n" + "word " * 50_000, encoding="utf-8")
    with pytest.raises(DocumentError, match=r"too large \(0\.3 MB; the limit is 0\.1 MB\)"):
        load_document(path, 100_000)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(DocumentError, match="cannot read file"):
        load_document(tmp_path / "gone.md", MB)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_unicode_text_with_a_byte_order_mark_is_read(tmp_path, encoding):
    path = tmp_path / "notes.txt"
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + "Vendor notes: the SLA is 99.9% – café.".encode(encoding))
    assert "the SLA is 99.9% – café." in load_document(path, MB).text


def test_a_small_docx_that_unfolds_into_huge_text_is_refused(tmp_path):
    path = make_docx(tmp_path / "bomb.docx", paragraphs=["outsourcing " * 5000] * 40)  # compresses to ~20 KB
    assert path.stat().st_size < 100_000
    with pytest.raises(DocumentError, match=r"its text is too large \(2\.4 million characters; the limit is 1\.0 million\)"):
        load_document(path, 1_000_000)
