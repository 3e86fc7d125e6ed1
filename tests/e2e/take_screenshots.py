"""Regenerate the README screenshots in docs/ from the real knowledge base: `python tests/e2e/take_screenshots.py`."""

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answering import Assistant  # noqa: E402
from assistant.answering.backends import Backend  # noqa: E402
from assistant.knowledge.ingest import ingest  # noqa: E402
from assistant.knowledge.retrieval import Retriever  # noqa: E402
from assistant.knowledge.store import Store  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402
from assistant.web import build_app, launch_options  # noqa: E402
from e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from e2e.webapp import free_port  # noqa: E402

DOCS = PROJECT_ROOT / "docs"
SAMPLE_UPLOAD = """# Remote Work Security Policy

## Contractor laptops

Contractors working on outsourced projects receive encrypted laptops managed by our IT team.

## Access reviews

Access granted to an outsourcing partner is reviewed every quarter and removed when a contract ends.
"""


def serve(data_dir: Path):
    """Ingest the real knowledge base into data_dir and serve the app; return (demo, url)."""
    settings = Settings(data_dir=data_dir, knowledge_dir=PROJECT_ROOT / "knowledge", chroma_url=None,
                        host="127.0.0.1", port=free_port(), auth_file=None)
    store = Store(settings)
    ingest(settings, store=store)
    demo = build_app(settings, Assistant(settings, Retriever(settings, store), Backend("extractive")))
    demo.launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
    return demo, f"http://127.0.0.1:{settings.port}/"


def ask(page, question: str) -> None:
    """Type a question and wait for its answer with sources."""
    before = page.locator("#chatbot details.source").count()
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#chatbot details.source').length > {before}",
                           timeout=90_000)
    page.wait_for_timeout(600)


def chat_view(page) -> None:
    """A conversation with a cited answer and one source expanded."""
    ask(page, "What are the benefits of outsourcing IT support?")
    page.locator("#new-chat").click()
    page.get_by_text("What are the risks of cloud outsourcing?").click()
    page.wait_for_selector("#chatbot details.source", timeout=90_000)
    page.wait_for_timeout(800)
    page.locator("#chatbot details.source summary").first.click()
    page.wait_for_timeout(400)
    page.screenshot(path=DOCS / "chat.png")


PLAN_ANSWERS = [
    "our helpdesk and laptop support",
    "Tickets wait for days and we cannot hire support staff; we want faster help at a predictable cost.",
    "90% of tickets solved within one business day",
]


def planning_view(page) -> None:
    """The interview started from the chat, a few answers in, then the drafted needs statement."""
    page.get_by_role("tab", name="Chat").click()
    page.locator("#new-chat").click()
    page.get_by_text("Help me define my needs").click()
    page.wait_for_selector("#plan-question :text('Which IT function')")
    for answer in PLAN_ANSWERS:
        page.locator("#plan-answer textarea").fill(answer)
        page.locator("#plan-answer textarea").press("Enter")
        page.wait_for_function("!document.querySelector('#plan-answer textarea').value", timeout=30_000)
        page.wait_for_timeout(500)
    page.screenshot(path=DOCS / "planning.png")
    page.get_by_role("tab", name="Needs statement").click()
    page.locator("#plan-draft").click()
    page.wait_for_selector("#plan-preview :text('Outsourcing needs statement')")
    page.wait_for_timeout(800)
    page.screenshot(path=DOCS / "statement.png")


def knowledge_view(page, folder: Path) -> None:
    """The knowledge tab after uploading a document."""
    document = folder / "Remote work security policy.md"
    document.write_text(SAMPLE_UPLOAD, encoding="utf-8")
    page.get_by_role("tab", name="Knowledge").click()
    page.wait_for_selector("#kb-summary :text('documents')")
    page.locator("#kb-upload input[type=file]").set_input_files(str(document))
    page.wait_for_selector("#kb-upload :text('Remote work security policy.md')")
    page.locator("#kb-add").click()
    page.wait_for_selector("#kb-results :text('added') >> visible=true", timeout=90_000)
    page.wait_for_timeout(800)
    page.screenshot(path=DOCS / "knowledge.png", full_page=True)


def vendors_view(page) -> None:
    """The vendor explorer filtered to cybersecurity, comparing three vendors."""
    page.get_by_role("tab", name="Vendors").click()
    page.wait_for_selector("#vendor-count :text('vendor profiles match')")
    page.locator("#vendor-services input").click()
    page.keyboard.type("Cybersecurity")
    page.keyboard.press("Enter")
    page.locator("#vendor-count").click()
    page.wait_for_selector("#vendor-count :text('7 of')")
    for row in range(3):
        page.locator(f"#vendor-table [data-testid=cell-{row}-0]").click()
        page.wait_for_timeout(400)
    page.wait_for_selector("#vendor-comparison :text('Attribute') >> visible=true")
    page.locator("#vendor-count").click()  # move the focus ring off the table
    page.wait_for_timeout(800)
    page.screenshot(path=DOCS / "vendors.png", full_page=True)


def main() -> None:
    """Take every screenshot."""
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        demo, url = serve(Path(folder) / "var")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url, wait_until="load")
                page.wait_for_selector("#chatbot")
                chat_view(page)
                planning_view(page)
                knowledge_view(page, Path(folder))
                vendors_view(page)
                browser.close()
        finally:
            demo.close()
    print(f"screenshots written to {DOCS}")


if __name__ == "__main__":
    main()
