"""End-to-end in headless Chromium: examples, streaming, sources, chats, feedback, uploads, sign-in, inertness."""

import re

import pytest

from e2e.webapp import PASSWORDS, running_app

pytestmark = pytest.mark.browser
EVIL_GUIDE = ("# Security Notes\n\n## Encryption\n\nEncryption keys rotate quarterly <img src=x onerror=alert(3)> "
              "under the <script>alert(4)</script> keymaster policy.\n")


@pytest.fixture
def app(tmp_path, isolated_env):
    # A pause before each streamed piece keeps the partial answer on screen long enough to observe.
    with running_app(tmp_path, extra={"guide/security.md": EVIL_GUIDE}, delay=0.8) as served:
        yield served


def open_app(page, url):
    page.goto(url, wait_until="load")
    page.wait_for_selector("#chatbot")
    return page


def last_answer(page):
    return page.locator("#chatbot .message-row").last  # the newest bubble


def test_example_question_streams_a_cited_answer_with_expandable_sources(page, app):
    url, _ = app
    open_app(page, url)
    page.get_by_text("What are the risks of cloud outsourcing?").click()
    page.wait_for_selector("#chatbot :text('▌')")  # a partial answer, still streaming
    page.wait_for_selector("#chatbot details.source")
    answer = page.locator("#chatbot .message-row").last
    assert re.search(r"\[1\]", answer.inner_text())
    source = page.locator("#chatbot details.source").first
    assert source.evaluate("d => d.open") is False
    source.locator("summary").click()
    assert source.evaluate("d => d.open") is True
    assert source.locator(".passage mark").first.is_visible()
    # Every request stayed on this machine: no fonts, analytics or CDNs.
    assert {host.split(":")[0] for host in page.hosts} == {"127.0.0.1"}


def test_new_chat_and_reopening_an_earlier_conversation(page, app):
    url, _ = app
    open_app(page, url)
    page.locator("#question textarea").fill("What does cloud outsourcing include?")
    page.locator("#question textarea").press("Enter")
    page.wait_for_selector("#chatbot details.source")
    page.locator("#new-chat").click()
    page.wait_for_selector("#chatbot details.source", state="detached")
    assert page.get_by_text("What are the risks of cloud outsourcing?").is_visible()  # examples are back
    page.locator("#conversations").get_by_text("What does cloud outsourcing include?").click()
    page.wait_for_selector("#chatbot details.source")
    assert "backup and recovery" in page.locator("#chatbot").inner_text()


def test_thumbs_down_with_a_comment_is_stored(page, app):
    url, settings = app
    open_app(page, url)
    page.get_by_text("What are the risks of cloud outsourcing?").click()
    page.wait_for_selector("#chatbot details.source")
    page.wait_for_selector("#chatbot :text('▌')", state="detached")
    page.locator("#chatbot button[aria-label='Dislike']").last.click()
    page.locator("#feedback-text textarea").fill("Please mention vendor lock-in.")
    page.get_by_role("button", name="Send comment").click()
    page.wait_for_selector("#feedback-text", state="hidden")
    from assistant.web.conversations import ConversationStore

    [row] = ConversationStore(settings.database_path).feedback("local")
    assert row["rating"] == "down" and row["comment"] == "Please mention vendor lock-in."
    assert row["question"] == "What are the risks of cloud outsourcing?" and row["sources"]
    page.locator("#new-chat").click()
    page.wait_for_selector("#chatbot details.source", state="detached")
    page.locator("#conversations").get_by_text("What are the risks of cloud outsourcing?").click()
    page.wait_for_selector("#chatbot button[aria-label='Disliked']")  # the rating shows again on reopening


def test_html_and_script_from_documents_and_vendors_stay_inert(page, app):
    url, _ = app
    open_app(page, url)
    page.locator("#question textarea").fill("How often do encryption keys rotate under the keymaster policy?")
    page.locator("#question textarea").press("Enter")
    page.wait_for_selector("#chatbot details.source")
    page.locator("#chatbot details.source summary").first.click()
    shown = page.locator("#chatbot").inner_text()
    assert "<img src=x onerror=alert(3)>" in shown and "<script>alert(4)</script>" in shown
    assert page.locator("#chatbot img[src='x']").count() == 0 and page.locator("#chatbot script").count() == 0
    page.get_by_role("tab", name="Vendors").click()
    page.wait_for_selector("#vendor-table :text('Acme Cloud') >> visible=true")
    assert "Evil <script>alert(1)</script> Corp" in page.locator("#vendor-table").inner_text()
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_upload_through_the_knowledge_tab(page, app, tmp_path):
    url, settings = app
    document = tmp_path / "Travel Policy.md"
    document.write_text("# Travel Policy\n\n## Flights\n\nContractors book flights through the travel desk portal.\n")
    open_app(page, url)
    page.get_by_role("tab", name="Knowledge").click()
    page.wait_for_selector("#kb-summary :text('documents')")
    page.locator("#kb-upload input[type=file]").set_input_files(str(document))
    page.wait_for_selector("#kb-upload :text('Travel Policy.md')")
    page.locator("#kb-add").click()
    page.wait_for_selector("#kb-results :text('added (1 passage)') >> visible=true")
    page.wait_for_selector("#kb-sources :text('uploads/Travel_Policy.md') >> visible=true")
    assert (settings.uploads_dir / "Travel_Policy.md").exists()


def test_sign_in_when_auth_is_on(page, tmp_path, isolated_env):
    with running_app(tmp_path, users={"alice": True}) as (url, _):
        page.goto(url, wait_until="load")
        page.wait_for_selector("input[type=password]")
        page.locator("input[data-testid=textbox]").fill("alice")
        page.locator("input[type=password]").fill("not-her-password")
        page.get_by_role("button", name="Login").click()
        page.wait_for_selector(":text('Incorrect Credentials')")
        page.locator("input[data-testid=textbox]").fill("alice")  # the form is reset after a failure
        page.locator("input[type=password]").fill(PASSWORDS["alice"])
        page.get_by_role("button", name="Login").click()
        page.wait_for_selector("#whoami :text('alice')")
        assert "administrator" in page.locator("#whoami").inner_text()
        page.get_by_text("What are the risks of cloud outsourcing?").click()
        page.wait_for_selector("#chatbot details.source")
        page.get_by_text("Sign out").click()
        page.wait_for_selector("input[type=password]")


def test_planning_from_the_chat_to_a_downloaded_statement(page, app, tmp_path):
    url, _ = app
    open_app(page, url)
    page.get_by_text("Help me define my needs").click()
    page.wait_for_selector("#plan-question :text('Which IT function')")
    assert page.locator("#plan-question blockquote").is_visible()  # the guide's advice for the question
    page.locator("#plan-answer textarea").fill("our helpdesk and laptop support")
    page.locator("#plan-answer textarea").press("Enter")
    page.wait_for_selector("#plan-question :text('What problem')")
    page.wait_for_selector("#plan-drafts :text('Outsourcing plan: IT support')")
    page.get_by_role("tab", name="Risk register").click()
    page.wait_for_selector("#plan-risks :text('Loss of control') >> visible=true")
    page.locator("#plan-save-risks").click()
    page.wait_for_selector("#plan-risk-note :text('Risk register saved')")
    page.get_by_role("tab", name="Vendor shortlist").click()
    page.wait_for_selector("#plan-shortlist :text('Acme Cloud') >> visible=true")
    page.get_by_role("tab", name="Needs statement").click()
    page.locator("#plan-draft").click()
    page.wait_for_selector("#plan-preview :text('Outsourcing needs statement: IT support')")
    assert "Outsourcing needs statement" in page.locator("#plan-statement textarea").input_value()
    with page.expect_download() as download:
        page.locator("#plan-download-docx").click()
    saved = tmp_path / "statement.docx"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK" and download.value.suggested_filename.endswith(".docx")


def test_clicking_a_citation_opens_the_pdf_at_the_cited_page(page, tmp_path, isolated_env):
    from document_corpus import pdf_document

    folder = tmp_path / "knowledge" / "policies"
    folder.mkdir(parents=True)
    pdf_document(folder / "agreement.pdf")
    with running_app(tmp_path) as (url, _):
        open_app(page, url)
        page.locator("#question textarea").fill("How do onshore and offshore delivery differ in rates?")
        page.locator("#question textarea").press("Enter")
        page.wait_for_selector("#chatbot details.source")
        citation = last_answer(page).locator("a", has_text="[1]").first
        with page.context.expect_page() as opened:
            citation.click()
        document = opened.value
        document.wait_for_selector("#doc-heading h2")
        assert "page 3 of 3" in document.locator("#doc-heading").inner_text()
        document.wait_for_selector("#doc-page img")
        assert document.locator("#doc-page img").is_visible()
        assert document.locator("#cited").count() == 1
