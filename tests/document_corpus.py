"""Generate documents whose text is known exactly, to measure how faithfully each loader reads them back.

Each builder writes one file and returns the logical text it holds, as Markdown-like lines: headings,
whole paragraphs, list items ("- ", indented for nesting) and table rows ("a | b | c").
"""

import re
from difflib import SequenceMatcher
from pathlib import Path

from assistant.knowledge.layout import PAGE_LINE

PARAGRAPHS = [
    "This agreement sets out how Tidewater Freight buys managed IT services from an external provider, "
    "which work stays in house, and how the provider's performance is measured every quarter.",
    "The provider answers priority one incidents within fifteen minutes, around the clock, and restores "
    "service within four hours; lower priorities are answered within one business day.",
    "Either party may end the agreement with ninety days written notice. On exit the provider returns all "
    "data in an open format and deletes its copies within thirty days, confirming the deletion in writing.",
    "Personal data of employees and customers stays in data centres inside the European Economic Area. "
    "Transfers outside it need the written approval of the data protection officer.",
    "The steering committee meets monthly during the first year and quarterly after that; it reviews the "
    "service report, open risks, change requests and the invoice before it is paid.",
]
COLUMN_LEFT = [
    "Onshore delivery keeps the team in the same country and time zone, which makes joint workshops easy "
    "but costs the most per hour of work delivered.",
    "Nearshore delivery uses a neighbouring country with a similar working day and usually a lower rate.",
]
COLUMN_RIGHT = [
    "Offshore delivery moves the work to a distant region where rates are lowest, at the price of "
    "handovers across time zones and more effort spent on written specifications.",
    "A hybrid model splits the work by function so that each part goes where it is served best.",
]
TABLE = [
    ["Service", "Hours", "Response"],
    ["Helpdesk", "Weekdays 7-19", "30 minutes"],
    ["Security monitoring", "24/7", "15 minutes"],
    ["Backup", "Nightly", "Next business day"],
]
LIST_ITEMS = ["Keep an exit plan up to date.", "Review access rights every quarter.", "Test restores twice a year."]


def pdf_document(path: Path) -> str:
    """Write a three-page PDF (wrapped paragraphs, a paragraph across a page break, a table, two columns)."""
    from fpdf import FPDF

    class Paper(FPDF):
        def footer(self):  # a running footer is layout: no loader should return it as text
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Tidewater Freight - confidential - page {self.page_no()}", align="C")

    pdf = Paper()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    lines = []

    def heading(text, size=14):
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        lines.append(("# " if size > 14 else "## ") + text)

    def paragraph(text):
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        lines.append(text)

    heading("Managed Services Agreement", 18)
    heading("1. Purpose")
    paragraph(PARAGRAPHS[0])
    paragraph(PARAGRAPHS[1])
    heading("2. Termination")
    paragraph(PARAGRAPHS[2])
    pdf.set_font("Helvetica", size=11)
    for item in LIST_ITEMS:
        pdf.multi_cell(0, 6, f"- {item}", new_x="LMARGIN", new_y="NEXT")
        lines.append(f"- {item}")
    pdf.ln(4)
    # Push the next paragraph so that it starts near the foot of page 1 and continues on page 2.
    pdf.set_y(pdf.h - 34)
    paragraph(PARAGRAPHS[3] + " " + PARAGRAPHS[4])
    heading("3. Service levels")
    pdf.set_font("Helvetica", size=10)
    with pdf.table(text_align="LEFT") as table:
        for row in TABLE:
            cells = table.row()
            for value in row:
                cells.cell(value)
    lines.extend(" | ".join(row) for row in TABLE)
    pdf.add_page()
    heading("4. Delivery models")
    pdf.set_font("Helvetica", size=11)
    with pdf.text_columns(ncols=2, gutter=8) as columns:
        for text in COLUMN_LEFT + COLUMN_RIGHT:
            columns.write(text=text + "\n\n")
        lines.extend(COLUMN_LEFT + COLUMN_RIGHT)
    pdf.output(str(path))
    return "\n".join(lines)


def docx_document(path: Path) -> str:
    """Write a DOCX with headings, paragraphs, a bulleted list and a table between paragraphs."""
    import docx

    document = docx.Document()
    document.add_heading("Managed Services Agreement", 0)
    lines = ["# Managed Services Agreement"]
    document.add_heading("Purpose", 1)
    lines.append("## Purpose")
    for text in PARAGRAPHS[:2]:
        document.add_paragraph(text)
        lines.append(text)
    document.add_heading("Service levels", 1)
    lines.append("## Service levels")
    grid = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    lines.extend(" | ".join(row) for row in TABLE)
    document.add_paragraph(PARAGRAPHS[2])
    lines.append(PARAGRAPHS[2])
    for item in LIST_ITEMS:
        document.add_paragraph(item, style="List Bullet")
        lines.append(f"- {item}")
    document.add_heading("Data", 1)
    lines.append("## Data")
    document.add_paragraph(PARAGRAPHS[3])
    lines.append(PARAGRAPHS[3])
    document.save(str(path))
    return "\n".join(lines)


def html_document(path: Path) -> str:
    """Write an HTML page with text directly in divs, paragraphs inside list items and nested lists."""
    body = f"""<!doctype html><html><head><title>Managed Services Agreement</title></head><body>
<nav><a href="/">Home</a> <a href="/contact">Contact</a></nav>
<main>
<h1>Managed Services Agreement</h1>
<div class="intro">{PARAGRAPHS[0]}</div>
<h2>Service levels</h2>
<div><p>{PARAGRAPHS[1]}</p></div>
<table><tr><th>{'</th><th>'.join(TABLE[0])}</th></tr>
{''.join('<tr><td><p>' + '</p></td><td><p>'.join(row) + '</p></td></tr>' for row in TABLE[1:])}</table>
<h2>Exit</h2>
<div>{PARAGRAPHS[2]}<span> </span></div>
<ul>
<li><p>{LIST_ITEMS[0]}</p></li>
<li>{LIST_ITEMS[1]}
  <ul><li>Remove leavers the same day.</li><li>Log every change.</li></ul>
</li>
<li>{LIST_ITEMS[2]}</li>
</ul>
</main>
<footer>Copyright Tidewater Freight</footer>
</body></html>"""
    path.write_text(body, encoding="utf-8")
    return "\n".join([
        "# Managed Services Agreement", PARAGRAPHS[0], "## Service levels", PARAGRAPHS[1],
        *(" | ".join(row) for row in TABLE), "## Exit", PARAGRAPHS[2],
        f"- {LIST_ITEMS[0]}", f"- {LIST_ITEMS[1]}", "  - Remove leavers the same day.", "  - Log every change.",
        f"- {LIST_ITEMS[2]}",
    ])


BUILDERS = {"pdf": pdf_document, "docx": docx_document, "html": html_document}


def plain_lines(text: str) -> str:
    """Reduce Markdown-like text to its words, one logical line each, for comparing loaders fairly."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:#{1,6}\s+|[-*•]\s+)", "", line)  # heading and list marks
        line = re.sub(r"^\|\s*|\s*\|$", "", line.strip())
        if re.fullmatch(r"[-:| ]+", line):  # a Markdown table's separator row
            continue
        line = re.sub(r"\s*\|\s*", " | ", line)
        line = " ".join(line.split())
        # Page labels and marks a loader adds are not text.
        if line and not re.fullmatch(r"Page \d+", line) and not PAGE_LINE.match(line):
            out.append(line)
    return "\n".join(out)


def accuracy(expected: str, extracted: str) -> float:
    """Return the character-level similarity of two texts after reducing both to plain lines (1.0 = same)."""
    a, b = plain_lines(expected), plain_lines(extracted)
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
