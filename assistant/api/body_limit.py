"""Refuse request bodies too large to be a chat request before reading them."""

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.errors import error_body

MAX_BODY_BYTES = 2_000_000


class BodyLimit:
    """ASGI middleware answering 413 to a request whose Content-Length is over MAX_BODY_BYTES."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope.get("headers", [])).get(b"content-length", b"0")
            if length.isdigit() and int(length) > self.max_bytes:
                body = json.dumps(error_body(
                    f"The request body is over {self.max_bytes:,} bytes; send a shorter conversation.",
                    code="request_too_large")).encode()
                await send({"type": "http.response.start", "status": 413,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
