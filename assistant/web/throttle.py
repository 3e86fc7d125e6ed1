"""Refuse floods: wrong passwords per name and per address, and uploads per user, with a retry time."""

import json
import math
import threading
import time
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.web.sessions import session_token

ADDRESS_FAILURES = 20  # per address: an office behind one NAT shares it, so more than per name
UPLOADS_PER_WINDOW = 30
UPLOAD_WINDOW_S = 10 * 60
MAX_LOGIN_BODY = 16_384


class Window:
    """Counts events per key in a sliding window; a key at its limit is refused until the oldest ages out."""

    def __init__(self, limit: int, seconds: float, clock=time.monotonic):
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self._events: dict[str, list[float]] = {}
        self._guard = threading.Lock()

    def retry_after(self, key: str) -> float:
        """Return the seconds until the key may act again (0 when it may now)."""
        now = self.clock()
        with self._guard:
            recent = [t for t in self._events.get(key, []) if now - t < self.seconds]
            if recent:
                self._events[key] = recent
            else:
                self._events.pop(key, None)
            return self.seconds - (now - recent[0]) if len(recent) >= self.limit else 0.0

    def add(self, key: str) -> None:
        """Count one event for the key."""
        with self._guard:
            self._events.setdefault(key, []).append(self.clock())


def _address(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


async def too_many(send: Send, seconds: float, what: str) -> None:
    """Answer 429 with Retry-After and a plain message."""
    body = json.dumps({"detail": f"{what}; try again in {_minutes(seconds)}."}).encode()
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(math.ceil(seconds)).encode())]})
    await send({"type": "http.response.body", "body": body})


class SignInGuard:
    """ASGI middleware on Gradio's /login: refuses a locked name or address with 429 before any hashing.

    The name's wrong passwords are counted by the Authenticator; this counts them per address, from the
    route's answer (400 means wrong credentials).
    """

    def __init__(self, app: ASGIApp, authenticator, addresses: Window | None = None):
        self.app = app
        self.authenticator = authenticator
        self.addresses = addresses or Window(ADDRESS_FAILURES, authenticator.window_s, authenticator.clock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != "/login":
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            await send({"type": "http.response.start", "status": 413, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        address = _address(scope)
        name = (parse_qs(body.decode("utf-8", "replace")).get("username") or [""])[0].strip()
        wait = self.addresses.retry_after(address)
        if wait:
            await too_many(send, wait, "Too many failed sign-ins from this address")
            return
        wait = self.authenticator.locked_for(name)
        if wait:
            await too_many(send, wait, "Too many wrong passwords for this name")
            return

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 400:
                self.addresses.add(address)
            await send(message)

        await self.app(scope, replay, watch)


async def _read_body(receive: Receive) -> bytes | None:
    """Return the request body, or None when it is larger than a sign-in form can be."""
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_LOGIN_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


class UploadGuard:
    """ASGI middleware on Gradio's upload route: at most UPLOADS_PER_WINDOW uploads per user (or address)."""

    def __init__(self, app: ASGIApp, window: Window | None = None):
        self.app = app
        self.window = window or Window(UPLOADS_PER_WINDOW, UPLOAD_WINDOW_S)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].rstrip("/").endswith(
                "/gradio_api/upload"):
            await self.app(scope, receive, send)
            return
        key = _uploader(scope)
        wait = self.window.retry_after(key)
        if wait:
            await too_many(send, wait, f"Too many uploads (the limit is {self.window.limit} in "
                                       f"{_minutes(self.window.seconds)})")
            return
        self.window.add(key)
        await self.app(scope, receive, send)


def _uploader(scope: Scope) -> str:
    tokens = getattr(scope.get("app"), "tokens", None) or {}
    user = tokens.get(session_token(scope)) if tokens else None
    return f"user:{user}" if user else f"address:{_address(scope)}"
