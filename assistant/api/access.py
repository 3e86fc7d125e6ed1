"""Who is calling the API: an API key acting as its user, or the local user when sign-in is off."""

import logging
import math
from dataclasses import dataclass

from assistant.api.errors import ApiError
from assistant.api.keys import KeyStore, KeysFileError
from assistant.api.rate_limit import RateLimiter
from assistant.web.auth import LOCAL_USER, UsersFileError, load_users

log = logging.getLogger(__name__)
CREATE_HINT = "create one with `assistant keys create NAME --user USER`"


@dataclass(frozen=True)
class Caller:
    """The user a request acts as, and the key it came with (None for local use without one)."""

    user: str
    key: str | None = None


class Gate:
    """Check a request's bearer token and its key's rate; return who it acts as."""

    def __init__(self, settings, keys: KeyStore, limiter: RateLimiter):
        self.settings = settings
        self.keys = keys
        self.limiter = limiter

    def admit(self, token: str | None) -> Caller:
        """Return the caller of a request with this bearer token (None when it sent none), or raise ApiError."""
        caller = self._identify(token)
        wait = self.limiter.wait_for(caller.key or f"user:{caller.user}")
        if wait:
            seconds = math.ceil(wait)
            raise ApiError(429, f"Rate limit reached: {self.settings.api_rate_limit} requests per minute for this key "
                                f"(ASSISTANT_API_RATE_LIMIT). Try again in {seconds} s.",
                           type="requests", code="rate_limit_exceeded", headers={"Retry-After": str(seconds)})
        return caller

    def _identify(self, token: str | None) -> Caller:
        try:
            key = self.keys.find(token) if token else None
        except KeysFileError as exc:
            log.error("%s", exc)
            raise ApiError(500, "API keys are unavailable; the details are in the server log.", type="server_error") from exc
        signed_in = self.settings.auth_file is not None
        if not signed_in:
            # Sign-in is off, as in the UI: any client may ask; a real key still keeps its own user and limit.
            return Caller(key.user, key.name) if key else Caller(LOCAL_USER)
        if not token:
            raise _unauthorized(f"Missing API key: send `Authorization: Bearer <key>` ({CREATE_HINT}).",
                                "missing_api_key")
        if key is None:
            raise _unauthorized(f"Incorrect API key provided; {CREATE_HINT}.", "invalid_api_key")
        try:
            users = load_users(self.settings.auth_file)
        except UsersFileError as exc:
            log.error("%s", exc)
            raise ApiError(500, "Sign-in is unavailable; the details are in the server log.", type="server_error") from exc
        # Like the UI, the API serves only users the accounts file still holds.
        if key.user not in users:
            raise _unauthorized(f"The user {key.user!r} of this API key can no longer sign in.", "invalid_api_key")
        return Caller(key.user, key.name)


def _unauthorized(message: str, code: str) -> ApiError:
    return ApiError(401, message, code=code, headers={"WWW-Authenticate": "Bearer"})
