"""End-to-end in headless Chromium over the real knowledge base and embedding model."""

import pytest

from assistant.answering import Assistant
from assistant.answering.backends import Backend
from assistant.knowledge.ingest import ingest
from assistant.knowledge.retrieval import Retriever
from assistant.knowledge.store import Store
from assistant.settings import PROJECT_ROOT, Settings
from assistant.web import build_app, launch_options
from e2e.webapp import free_port

pytestmark = [pytest.mark.browser, pytest.mark.model]


@pytest.fixture
def real_app(tmp_path, isolated_env):
    settings = Settings(data_dir=tmp_path / "var", knowledge_dir=PROJECT_ROOT / "knowledge", chroma_url=None,
                        host="127.0.0.1", port=free_port())
    store = Store(settings)
    ingest(settings, store=store)
    assistant = Assistant(settings, Retriever(settings, store), Backend("extractive"))
    demo = build_app(settings, assistant)
    demo.launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{settings.port}/"
    finally:
        demo.close()


def test_example_question_over_the_real_knowledge_base(page, real_app):
    page.goto(real_app, wait_until="load")
    page.wait_for_selector("#chatbot")
    page.get_by_text("What are the risks of cloud outsourcing?").click()
    page.wait_for_selector("#chatbot details.source", timeout=90_000)
    answer = page.locator("#chatbot").inner_text()
    assert "[1]" in answer and "risk" in answer.lower()
    source = page.locator("#chatbot details.source").first
    source.locator("summary").click()
    assert "IT Outsourcing: A Practical Guide" in source.inner_text()
    assert source.locator(".passage mark").count() > 0
    page.get_by_role("tab", name="Vendors").click()
    page.wait_for_selector("#vendor-count :text('18 of 18')")
