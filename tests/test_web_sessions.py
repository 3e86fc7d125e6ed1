"""Sign-in sessions end when the user is removed, the password changes or the lifetime passes; floods are refused."""

import httpx
import pytest
from gradio_client import Client

from assistant.web.auth import add_user, remove_user
from assistant.web.sessions import Sessions
from assistant.web.throttle import ADDRESS_FAILURES, UPLOADS_PER_WINDOW
from e2e.webapp import PASSWORDS, running_app

pytestmark = pytest.mark.server


@pytest.fixture
def signed_in_app(tmp_path, isolated_env):
    with running_app(tmp_path, users={"alice": True, "bob": False}) as served:
        yield served


def browser(url: str, name: str, password: str | None = None) -> httpx.Client:
    """Return an HTTP client signed in through the login form, as the browser page does."""
    client = httpx.Client(base_url=url, timeout=60)
    response = client.post("login", data={"username": name, "password": password or PASSWORDS[name]})
    assert response.status_code == 200, response.text
    return client


def my_conversations(client: httpx.Client) -> httpx.Response:
    return client.post("gradio_api/call/my_conversations", json={"data": []})


def test_a_removed_user_is_signed_out_on_the_next_request(signed_in_app):
    url, settings = signed_in_app
    bob = browser(url, "bob")
    assert my_conversations(bob).status_code == 200
    sdk = Client(url, auth=("bob", PASSWORDS["bob"]), verbose=False)
    remove_user(settings.auth_file, "bob")
    refused = my_conversations(bob)
    assert refused.status_code == 401
    assert refused.json()["detail"] == ("You have been signed out (your account was removed). "
                                        "Please reload the page and sign in again.")
    assert "access-token" in refused.headers.get("set-cookie", "")  # the stale cookie is cleared
    assert bob.get("gradio_api/info").status_code == 401
    with pytest.raises(Exception):
        sdk.predict(api_name="/my_conversations")
    assert my_conversations(browser(url, "alice")).status_code == 200  # other sessions are untouched


def test_a_changed_password_ends_open_sessions(signed_in_app):
    url, settings = signed_in_app
    bob = browser(url, "bob")
    add_user(settings.auth_file, "bob", "bob-new-password-9")
    refused = my_conversations(bob)
    assert refused.status_code == 401 and "your password was changed" in refused.json()["detail"]
    assert my_conversations(browser(url, "bob", "bob-new-password-9")).status_code == 200


def test_sessions_expire_after_their_lifetime(tmp_path):
    path = tmp_path / "users.json"
    add_user(path, "bob", PASSWORDS["bob"])
    now = [1000.0]
    sessions = Sessions(path, lifetime_s=3600, clock=lambda: now[0])
    sessions["token-1"] = "bob"
    now[0] += 3500
    assert sessions.get("token-1") == "bob"
    now[0] += 200
    assert sessions.get("token-1") is None and sessions.why_ended("token-1") == "your session expired"
    forever = Sessions(path, lifetime_s=0, clock=lambda: now[0])
    forever["token-2"] = "bob"
    now[0] += 10 ** 7
    assert forever.get("token-2") == "bob"


def test_wrong_passwords_are_refused_per_name_with_a_retry_time(signed_in_app):
    url, _ = signed_in_app
    with httpx.Client(base_url=url, timeout=60) as client:
        for _ in range(5):
            assert client.post("login", data={"username": "bob", "password": "guess-guess"}).status_code == 400
        locked = client.post("login", data={"username": "bob", "password": PASSWORDS["bob"]})
        assert locked.status_code == 429 and 0 < int(locked.headers["retry-after"]) <= 900
        assert "Too many wrong passwords for this name; try again in 15 minutes." == locked.json()["detail"]
        assert client.post("login", data={"username": "alice", "password": PASSWORDS["alice"]}).status_code == 200


def test_wrong_passwords_are_refused_per_address(signed_in_app):
    url, _ = signed_in_app
    with httpx.Client(base_url=url, timeout=60) as client:
        for n in range(ADDRESS_FAILURES):  # a different name each time: no name reaches its own limit
            assert client.post("login", data={"username": f"guess{n}", "password": "guess-guess"}).status_code == 400
        locked = client.post("login", data={"username": "alice", "password": PASSWORDS["alice"]})
        assert locked.status_code == 429 and "from this address" in locked.json()["detail"]


def test_uploads_to_gradio_are_limited_per_user(signed_in_app):
    url, _ = signed_in_app
    bob = browser(url, "bob")
    for n in range(UPLOADS_PER_WINDOW):
        response = bob.post("gradio_api/upload", files={"files": (f"note{n}.md", b"# Note\n\ntext\n")})
        assert response.status_code == 200, response.text
    refused = bob.post("gradio_api/upload", files={"files": ("one-more.md", b"# Note\n")})
    assert refused.status_code == 429 and "Too many uploads" in refused.json()["detail"]
    assert "retry-after" in refused.headers
    alice = browser(url, "alice")  # counted per user
    assert alice.post("gradio_api/upload", files={"files": ("a.md", b"# A\n")}).status_code == 200
