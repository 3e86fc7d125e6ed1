"""The .docx export opens with python-docx and holds the statement's sections and risk table."""

import io

import docx

from assistant.planning import Interview, build_outputs, statement_headings, statement_to_docx
from assistant.planning.statement import REGISTER_COLUMNS
from test_planning_interview import ANSWERS, plan_settings, run  # noqa: F401  (plan_settings is a fixture)


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def headings(document, style: str = "Heading 1") -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_the_docx_has_the_same_sections_and_the_risk_register(plan_settings):  # noqa: F811
    interview = Interview.start(plan_settings)
    run(interview, ANSWERS)
    outputs = build_outputs(interview, [])
    document = open_docx(statement_to_docx(outputs.statement_md))
    assert headings(document) == statement_headings()
    assert headings(document, "Title") == ["Outsourcing needs statement: IT support"]
    assert document.core_properties.title == "Outsourcing needs statement: IT support"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(REGISTER_COLUMNS)
    assert len(table.rows) == 1 + len(outputs.register.entries)
    body = "\n".join(p.text for p in document.paragraphs)
    assert ANSWERS["scope"] in body and "Functions to outsource:" in body
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "Functions to outsource:" in bold


def test_an_edited_statement_is_exported_as_edited():
    edited = """# Needs statement (edited)

## Background and reasons

We changed this paragraph by hand,
over two lines.

- a *bullet* with a [link](https://example.org)
1. a numbered item

## Risks

| Risk | Category | Likelihood | Impact | Score | Mitigation | Owner |
|---|---|---|---|---|---|---|
| Pipes \\| in text | Legal | 2 | 5 | 10 | Review | Ana |
| A risk we added | Other | 1 | 1 | 1 | none yet | to be assigned |

> A quoted remark
"""
    document = open_docx(statement_to_docx(edited))
    assert headings(document) == ["Background and reasons", "Risks"]
    texts = [p.text for p in document.paragraphs]
    assert "We changed this paragraph by hand, over two lines." in texts
    assert "a bullet with a link (https://example.org)" in texts
    assert "A quoted remark" in texts
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[1] == ["Pipes | in text", "Legal", "2", "5", "10", "Review", "Ana"]
    assert rows[2][0] == "A risk we added"


def test_an_empty_statement_still_gives_a_valid_document():
    assert open_docx(statement_to_docx("")).paragraphs == []
