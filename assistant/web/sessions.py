"""Sign-in sessions checked against the users file: a removed user, a new password or old age ends them."""

import hashlib
import json
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.web.auth import UsersFileError, load_users

SIGNED_OUT = "You have been signed out ({reason}). Please reload the page and sign in again."


def fingerprint(password_hash: str) -> str:
    """Return a short digest of a stored password hash, so a session can tell when the password changed."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class Sessions(dict):
    """Gradio's token table (token -> user name) that remembers, per token, the password and sign-in time.

    Gradio reads a session's user with `tokens.get(token)` on every request; here that read also checks
    the users file (re-read only when it changes), so a removed user, a changed password or a session
    older than the lifetime reads as signed out, and Gradio refuses the request before any handler runs.
    """

    def __init__(self, users_file: Path, lifetime_s: float, clock=time.time):
        super().__init__()
        self.users_file = users_file
        self.lifetime_s = lifetime_s
        self.clock = clock
        self._started: dict[str, tuple[str, float]] = {}  # token -> (fingerprint, signed-in time)
        self._ended: dict[str, str] = {}  # token -> why it ended, for the message on the next request
        self._cache: tuple[tuple[int, int], dict[str, str]] | None = None
        self._guard = threading.Lock()

    def __setitem__(self, token: str, user: str) -> None:
        """Open a session (Gradio calls this right after checking the password)."""
        with self._guard:
            self._started[token] = (self._fingerprints().get(user, ""), self.clock())
        super().__setitem__(token, user)

    def __delitem__(self, token: str) -> None:
        super().__delitem__(token)
        self._started.pop(token, None)

    def get(self, token, default=None):
        """Return the session's user, or default when there is none or it has ended (and end it)."""
        user = super().get(token)
        if user is None:
            return default
        reason = self.ended(token, user)
        if reason:
            self.pop(token, None)
            self._started.pop(token, None)
            self._ended[token] = reason
            return default
        return user

    def ended(self, token: str, user: str) -> str | None:
        """Return why a session may no longer be used, or None while it is valid."""
        with self._guard:
            current = self._fingerprints()
            started = self._started.get(token)
        if started is None or user not in current:
            return "your account was removed"
        if current[user] != started[0]:
            return "your password was changed"
        if self.lifetime_s and self.clock() - started[1] > self.lifetime_s:
            return "your session expired"
        return None

    def why_ended(self, token: str | None) -> str | None:
        """Return why this token's session was ended, if it was."""
        if token is not None and super().get(token) is not None:
            self.get(token)
        return self._ended.get(token) if token else None

    def _fingerprints(self) -> dict[str, str]:
        # Re-read only when the file changes: this runs on every request of every signed-in user.
        try:
            stat = self.users_file.stat()
            key = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = (0, 0)
        if self._cache is None or self._cache[0] != key:
            try:
                users = load_users(self.users_file)
            except UsersFileError:
                users = {}  # an unreadable file signs everyone out rather than trusting stale sessions
            self._cache = (key, {name: fingerprint(user.hash) for name, user in users.items()})
        return self._cache[1]


def sessions_lifespan(users_file: Path, lifetime_s: float):
    """Return a FastAPI lifespan that puts a Sessions table in place of Gradio's plain token dict."""

    @asynccontextmanager
    async def lifespan(app):
        # Gradio sets `app.tokens = {}` while building the app; the lifespan runs after that, before serving.
        app.tokens = Sessions(users_file, lifetime_s)
        yield

    return lifespan


def session_token(scope: Scope) -> str | None:
    """Return the Gradio session token a request carries, if any."""
    app = scope.get("app")
    cookie_id = getattr(app, "cookie_id", None)
    if cookie_id is None:
        return None
    cookies = {}
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, item = part.strip().partition("=")
                cookies[key] = item
    return cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")


class SessionGuard:
    """ASGI middleware: a request on an ended session gets a plain "signed out" 401 and loses its cookie."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        tokens = getattr(scope.get("app"), "tokens", None)
        if scope["type"] == "http" and isinstance(tokens, Sessions):
            token = session_token(scope)
            reason = tokens.why_ended(token)
            # Only the API routes (events, uploads, files): a page load falls through to Gradio's sign-in form.
            if reason and "/gradio_api/" in scope["path"]:
                await _signed_out(scope, send, reason)
                return
        await self.app(scope, receive, send)


async def _signed_out(scope: Scope, send: Send, reason: str) -> None:
    cookie_id = scope["app"].cookie_id
    body = json.dumps({"detail": SIGNED_OUT.format(reason=reason), "error": "signed out"}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    for name in (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"):
        headers.append((b"set-cookie", f"{name}=; Max-Age=0; Path=/; HttpOnly".encode()))
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})
