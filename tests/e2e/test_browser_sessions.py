"""In headless Chromium: a user removed while signed in sees a plain "signed out" message, then the sign-in form."""

import pytest

from assistant.web.auth import remove_user
from e2e.webapp import PASSWORDS, running_app

pytestmark = pytest.mark.browser


def test_a_removed_user_is_told_they_are_signed_out(page, tmp_path, isolated_env):
    with running_app(tmp_path, users={"alice": True, "bob": False}) as (url, settings):
        page.goto(url, wait_until="load")
        page.wait_for_selector("input[type=password]")
        page.locator("input[data-testid=textbox]").fill("bob")
        page.locator("input[type=password]").fill(PASSWORDS["bob"])
        page.get_by_role("button", name="Login").click()
        page.wait_for_selector("#whoami :text('bob')")
        page.get_by_text("What are the risks of cloud outsourcing?").click()
        page.wait_for_selector("#chatbot details.source")
        answers = page.locator("#chatbot details.source").count()
        remove_user(settings.auth_file, "bob")
        page.locator("#chatbot").scroll_into_view_if_needed()
        page.locator("textarea").first.fill("What does cloud outsourcing include?")
        page.keyboard.press("Enter")
        page.wait_for_selector(":text('You have been signed out (your account was removed)')")
        assert "Traceback" not in page.content()
        assert page.locator("#chatbot details.source").count() == answers  # nothing more was answered
        page.reload(wait_until="load")
        page.wait_for_selector("input[type=password]")
