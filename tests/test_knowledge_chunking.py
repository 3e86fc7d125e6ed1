"""Chunking by section: heading paths, the size bound and stable ids."""

import json
import subprocess
import sys

import pytest

from assistant.knowledge.chunking import chunk_document, chunk_id

DOC = """# Handbook

Intro text before any section.

## Benefits

General benefits paragraph.

### Cost Savings

Cost savings text.

#### Detail

Nested detail text.

### Flexibility

Flexibility text.

## Risks

Risks text.

```
# not a heading inside a code fence
```
"""


def chunks(text=DOC, source="knowledge/guide/handbook.md", title="Handbook", limit=900, metadata=None):
    return chunk_document(text, source, title, limit, metadata)


def test_one_chunk_per_section_with_heading_path():
    by_section = {c.section: c.text for c in chunks()}
    assert list(by_section) == [
        "Introduction",
        "Benefits",
        "Benefits > Cost Savings",
        "Benefits > Cost Savings > Detail",
        "Benefits > Flexibility",
        "Risks",
    ]
    assert by_section["Introduction"] == "Intro text before any section."
    assert by_section["Benefits > Cost Savings"] == "Cost savings text."  # nested headings are not in the body
    assert "# not a heading" in by_section["Risks"]  # fenced code keeps its lines


def test_every_chunk_has_source_title_section_metadata():
    for chunk in chunks(metadata={"kind": "guide"}):
        meta = chunk.store_metadata()
        assert meta["source"] == "knowledge/guide/handbook.md"
        assert meta["title"] == "Handbook"
        assert meta["section"] == chunk.section and meta["section"]
        assert meta["kind"] == "guide"
        assert chunk.embedding_text().startswith("Handbook")


def test_title_heading_is_not_repeated_in_the_section_path():
    found = chunks(title="Another title")
    # When the H1 is not the title, it stays part of the path.
    assert found[0].section == "Handbook"
    assert found[1].section == "Handbook > Benefits"


def _long_section(paragraphs: int = 30) -> str:
    sentence = "Outsourcing partners must report on service level {n} every month without exception. "
    body = "\n\n".join("".join(sentence.format(n=f"{i}.{j}") for j in range(4)) for i in range(paragraphs))
    giant_sentence = "word " * 700  # one sentence longer than the limit, no full stop
    giant_word = "".join(f"{i:04d}" for i in range(400))  # 1600 characters without a space
    return f"# Doc\n\n## Long\n\n{body}\n\n{giant_sentence}\n\n{giant_word}\n\n## Short\n\nShort text.\n"


@pytest.mark.parametrize("limit", [200, 500, 900])
def test_size_bound_is_respected(limit):
    found = chunks(_long_section(), title="Doc", limit=limit)
    assert all(len(c.text) <= limit for c in found), max(len(c.text) for c in found)
    long_pieces = [c for c in found if c.section == "Long"]
    assert len(long_pieces) > 1
    # Nothing is lost when splitting: every word of the section is still there, in order.
    joined = " ".join(c.text for c in long_pieces).split()
    assert joined.count("Outsourcing") == 30 * 4
    assert "".join(w for w in joined if w.isdigit()) == "".join(f"{i:04d}" for i in range(400))
    assert [c.text for c in found if c.section == "Short"] == ["Short text."]


def test_paragraphs_are_kept_whole_when_they_fit():
    text = "# Doc\n\n## S\n\n" + "\n\n".join(f"Paragraph {i} " + "filler " * 20 for i in range(10))
    for chunk in chunks(text, title="Doc", limit=400):
        for paragraph in chunk.text.split("\n\n"):
            assert paragraph.startswith("Paragraph ")


def test_a_list_too_long_for_one_chunk_is_cut_between_its_items_and_keeps_each_item_on_its_line():
    # A list written without blank lines between items is one paragraph; cutting it into sentences
    # made "Consider metrics such as cost variance..." a paragraph of its own, no longer part of
    # the item it explains, so an answer quoted the item's label without what it says.
    items = [f"- Item {i}. It explains point {i} at some length. " + "More words on the point. " * 3 for i in range(12)]
    text = "# Doc\n\n## Tips\n\nHere are some tips.\n\n" + "\n".join(items)
    found = chunks(text, title="Doc", limit=400)
    assert len(found) > 1 and all(len(c.text) <= 400 for c in found)
    lines = [line for c in found for paragraph in c.text.split("\n\n") for line in paragraph.split("\n")]
    assert [line for line in lines if line.startswith("- ")] == [item.strip() for item in items]
    assert "Here are some tips." in lines


def test_a_long_paragraph_cut_at_sentences_stays_one_paragraph_in_each_chunk():
    paragraph = " ".join(f"Sentence {i} says something about the service." for i in range(30))
    found = chunks(f"# Doc\n\n## S\n\n{paragraph}", title="Doc", limit=300)
    assert len(found) > 1
    assert all("\n" not in c.text for c in found)
    assert " ".join(c.text for c in found) == paragraph


def test_ids_are_stable_across_runs():
    first = [c.id for c in chunks()]
    second = [c.id for c in chunks()]
    assert first == second
    assert len(set(first)) == len(first)
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in first)


def test_ids_are_stable_across_processes():
    code = (
        "import json,sys; from assistant.knowledge.chunking import chunk_document;"
        "print(json.dumps([c.id for c in chunk_document(sys.stdin.read(), 'knowledge/guide/handbook.md', 'Handbook', 900)]))"
    )
    result = subprocess.run([sys.executable, "-c", code], input=DOC, capture_output=True, text=True, check=True,
                            env={"PYTHONHASHSEED": "12345", "PATH": ""})
    assert json.loads(result.stdout) == [c.id for c in chunks()]


def test_ids_change_with_content_source_section_and_metadata():
    base = chunk_id("a.md", "S", "text", {"kind": "guide"})
    assert base == chunk_id("a.md", "S", "text", {"kind": "guide"})
    assert base != chunk_id("a.md", "S", "text!", {"kind": "guide"})
    assert base != chunk_id("b.md", "S", "text", {"kind": "guide"})
    assert base != chunk_id("a.md", "T", "text", {"kind": "guide"})
    assert base != chunk_id("a.md", "S", "text", {"kind": "vendor"})


def test_editing_one_section_changes_only_its_chunk_id():
    before = {c.section: c.id for c in chunks()}
    after = {c.section: c.id for c in chunks(DOC.replace("Flexibility text.", "Flexibility text, revised."))}
    changed = {s for s in before if before[s] != after[s]}
    assert changed == {"Benefits > Flexibility"}


def test_duplicate_passages_in_one_section_are_stored_once():
    text = "# Doc\n\n## S\n\n" + "\n\n".join(["Same paragraph " * 20] * 3)
    found = chunks(text, title="Doc", limit=400)
    assert len({c.id for c in found}) == len(found)


def test_empty_sections_make_no_chunks():
    assert chunks("# Doc\n\n## Empty\n\n## Also empty\n", title="Doc") == []
