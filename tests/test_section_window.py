"""A retrieved chunk is read with the rest of its section, when a section was cut into several chunks."""

from fakes import build_knowledge_base

REMOTE_ACCESS = """# Security rules

## Remote access

The packing lines are run by controllers on a separate network. Machine suppliers often need remote
access to them for support, and each such session follows the rules below.

- Remote access is only allowed through the jump host at each plant, never through a direct VPN
  connection or a remote desktop tool the supplier installs itself.
- Each session must be approved by the plant coordinator, and an approval is valid for eight hours.
- All sessions are recorded, and the plant coordinator can end a session at any time.

## Patching

Suppliers install critical security patches within seven days of their release by the vendor.
"""


def _remote_access_hits(tmp_path, **overrides):
    _, retriever, _ = build_knowledge_base(tmp_path, {"security.md": REMOTE_ACCESS}, chunk_size=300, **overrides)
    hits = retriever.search("How do machine suppliers get remote access to the packing line controllers?", k=8)
    return retriever, [h for h in hits if h.section == "Remote access"]


def test_a_section_cut_into_chunks_is_read_whole(tmp_path):
    retriever, hits = _remote_access_hits(tmp_path)
    assert len(hits) >= 2, "the fixture must split the section"
    widened = retriever.widen(hits)
    assert len(widened) == 1  # each chunk is shown once
    text = widened[0].text
    assert text.index("Machine suppliers") < text.index("jump host") < text.index("recorded")
    assert "Patching" not in text and "seven days" not in text  # the next section stays out
    assert widened[0].id == hits[0].id  # it is still cited as the chunk that was found


def test_the_window_is_bounded_and_can_be_turned_off(tmp_path):
    retriever, hits = _remote_access_hits(tmp_path, section_window_chars=0)
    assert [h.text for h in retriever.widen(hits)] == [h.text for h in hits]
    retriever.settings = retriever.settings.model_copy(update={"section_window_chars": len(hits[0].text) + 10})
    assert retriever.widen(hits[:1])[0].text == hits[0].text
