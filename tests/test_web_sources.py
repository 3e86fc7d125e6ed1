"""Rendering of answers and cited passages: escaped, highlighted, collapsible."""

from assistant.web.sources import highlight, inert_markdown, kind_label, render_answer, render_source, render_sources

HOSTILE = {
    "id": "x", "source": "uploads/evil.md", "score": 0.5, "metadata": {"kind": "document"},
    "title": "Evil <script>alert(1)</script>", "section": "Intro > <b>bold</b>",
    "text": 'Cloud risks <img src=x onerror="alert(2)"> & more\n\nSecond paragraph about cloud.',
}


def test_passages_are_escaped_before_highlighting():
    html = highlight('Cloud <script>alert("cloud")</script> risks', "cloud risks")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<mark>cloud</mark>") == 1 and "<mark>Cloud</mark>" in html and "<mark>risks</mark>" in html
    assert "&quot;" in html


def test_highlight_matches_word_forms_but_not_stopwords():
    html = highlight("The risk of outsourcing and the outsourced risks", "What are the risks of outsourcing?")
    assert "<mark>risk</mark>" in html and "<mark>risks</mark>" in html and "<mark>outsourcing</mark>" in html
    assert "<mark>The</mark>" not in html and "<mark>of</mark>" not in html


def test_entities_are_not_highlighted_inside():
    assert highlight("AT&T amp", "amp") == "AT&amp;T <mark>amp</mark>"


def test_hostile_source_is_inert():
    html = render_source(1, HOSTILE, "cloud risks")
    for tag in ("<script", "<img", "<b>"):
        assert tag not in html
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    assert html.startswith('<details class="source"><summary><span class="cite">[1]</span>')
    assert "Intro › &lt;b&gt;bold&lt;/b&gt;" in html


def test_sources_block_has_no_blank_line_that_would_end_the_html_block():
    html = render_sources([HOSTILE, HOSTILE], "cloud")
    assert "\n\n" not in html and html.count("<details") == 2 and "<br>" in html
    assert render_sources([], "cloud") == ""


def test_answer_markdown_keeps_formatting_but_no_tags():
    text = "**Risks** [1]\n> quoted\n<script>alert(3)</script>"
    assert inert_markdown(text) == "**Risks** [1]\n> quoted\n&lt;script>alert(3)&lt;/script>"
    message = render_answer(text, [HOSTILE], "cloud", notice="the question was cut <here>")
    assert message.startswith("*Note: the question was cut &lt;here>*")
    assert "<script>" not in message and '<div class="sources">' in message


def test_kind_labels():
    assert kind_label({"metadata": {"kind": "guide"}}) == "Guide"
    assert kind_label({"metadata": {"kind": "vendor"}}) == "Vendor profile"
    assert kind_label({"source": "uploads/a.pdf", "metadata": {"kind": "document"}}) == "Uploaded document"
    assert kind_label({"source": "/abs/a.pdf", "metadata": {}}) == "Document"
