"""Errors in OpenAI's shape, `{"error": {"message", "type", "param", "code"}}`, for every failure."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

log = logging.getLogger(__name__)
INVALID = "invalid_request_error"


class ApiError(Exception):
    """A request the API refuses, with the status and the words a client should see."""

    def __init__(self, status: int, message: str, type: str = INVALID, code: str | None = None,
                 param: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.param = status, message, type, code, param
        self.headers = headers or {}

    def body(self) -> dict:
        """Return the JSON body of this error."""
        return error_body(self.message, self.type, self.code, self.param)


def error_body(message: str, type: str = INVALID, code: str | None = None, param: str | None = None) -> dict:
    """Return OpenAI's error object."""
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    """Return a one-line explanation of the first problem in a request body, and where it is."""
    first = exc.errors()[0] if exc.errors() else {}
    location = list(first.get("loc", ()))
    where = [str(part) for part in (location[1:] if location[:1] in (["body"], ["path"], ["query"]) else location)]
    if first.get("type") == "json_invalid":
        return "The request body is not valid JSON.", None
    param = ".".join(where) or None
    text = first.get("msg", "invalid request")
    return (f"Invalid '{param}': {text}." if param else f"Invalid request body: {text}."), param


def install_error_handlers(app: FastAPI) -> None:
    """Answer every refusal and failure of the app in the OpenAI error shape, never with a traceback."""

    @app.exception_handler(ApiError)
    async def refused(request: Request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def malformed(request: Request, exc: RequestValidationError):
        message, param = _validation_message(exc)
        return JSONResponse(error_body(message, param=param), status_code=400)

    @app.exception_handler(HTTPException)
    async def routing(request: Request, exc: HTTPException):
        if exc.status_code == 404:
            message, code = f"Unknown request URL: {request.method} {request.url.path}.", "unknown_url"
        elif exc.status_code == 405:
            message, code = f"{request.method} is not allowed on {request.url.path}.", "method_not_allowed"
        else:
            message, code = str(exc.detail), None
        return JSONResponse(error_body(message, code=code), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception):
        log.error("API request %s %s failed", request.method, request.url.path, exc_info=exc)
        return JSONResponse(error_body("The server failed while answering; the details are in its log.",
                                       type="server_error"), status_code=500)
