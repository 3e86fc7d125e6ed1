"""Security headers on every response of the web app."""

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Framing only by the app itself (clickjacking), no MIME sniffing, no referrer to other sites. Scripts
# are left to Gradio: its page builds itself with inline code a script policy would block.
SECURITY_HEADERS = {
    b"x-frame-options": b"SAMEORIGIN",
    b"content-security-policy": b"frame-ancestors 'self'; object-src 'none'; base-uri 'self'",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
}


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in SECURITY_HEADERS.items() if name not in present]
            await send(message)

        await self.app(scope, receive, with_headers)


def security_middleware() -> list[Middleware]:
    """Return the middleware list for FastAPI's `middleware=` argument."""
    return [Middleware(SecurityHeaders)]
