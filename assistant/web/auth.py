"""Users file with salted scrypt hashes; who is signed in and what they may do."""

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import anyio

LOCAL_USER = "local"
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
# scrypt cost: about 50 ms and 16 MB per check, far too slow to brute-force a stolen file offline.
_N, _R, _P = 2**14, 8, 1
log = logging.getLogger(__name__)


class UsersFileError(ValueError):
    """The users file cannot be read or a user change is invalid."""


@dataclass(frozen=True)
class User:
    """A user who may sign in."""

    name: str
    hash: str
    admin: bool = False


def hash_password(password: str) -> str:
    """Return a salted scrypt hash as `scrypt$n$r$p$salt$digest`."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def check_password(password: str, stored: str) -> bool:
    """Return whether the password matches a stored hash, in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def load_users(path: Path) -> dict[str, User]:
    """Read the users file; a missing file means no users yet."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {name: User(name, entry["hash"], bool(entry.get("admin", False)))
                for name, entry in data.get("users", {}).items()}
    except (OSError, ValueError, AttributeError, KeyError, TypeError) as exc:
        raise UsersFileError(f"cannot read users file {path}: {exc}") from exc


def save_users(path: Path, users: dict[str, User]) -> None:
    """Write the users file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"users": {u.name: {"hash": u.hash, "admin": u.admin} for u in sorted(users.values(), key=lambda u: u.name)}}
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def add_user(path: Path, name: str, password: str, admin: bool = False) -> bool:
    """Create or update a user; return whether the user is new."""
    if not USERNAME.match(name):
        raise UsersFileError("a user name is 1-64 letters, digits or . _ @ - and starts with a letter or digit")
    if len(password) < 8:
        raise UsersFileError("a password needs at least 8 characters")
    users = load_users(path)
    new = name not in users
    users[name] = User(name, hash_password(password), admin)
    save_users(path, users)
    return new


def remove_user(path: Path, name: str) -> bool:
    """Delete a user; return whether it existed."""
    users = load_users(path)
    if users.pop(name, None) is None:
        return False
    save_users(path, users)
    return True


MAX_FAILURES = 5
HASHING_THREADS = 2
FAILURE_WINDOW_S = 15 * 60


class Authenticator:
    """Gradio's `auth=` callable; reads the file on every sign-in so user changes apply without a restart.

    After MAX_FAILURES wrong passwords for one name within FAILURE_WINDOW_S, that name is refused
    without checking (and without hashing) until the oldest failure leaves the window: guessing is
    slowed to a handful of tries per quarter hour, and a flood of guesses costs no CPU.
    """

    def __init__(self, path: Path, clock=time.monotonic):
        self.path = path
        self.clock = clock
        self.window_s = FAILURE_WINDOW_S
        self._hashing: anyio.CapacityLimiter | None = None
        self._failures: dict[str, list[float]] = {}
        self._guard = threading.Lock()

    def locked_for(self, username: str) -> float:
        """Return how many seconds sign-in stays refused for a name (0 when it is not locked)."""
        now = self.clock()
        with self._guard:
            recent = [t for t in self._failures.get(username, []) if now - t < FAILURE_WINDOW_S]
            if recent:
                self._failures[username] = recent
            else:
                self._failures.pop(username, None)  # a flood of made-up names must not grow the table
            return FAILURE_WINDOW_S - (now - recent[0]) if len(recent) >= MAX_FAILURES else 0.0

    def __call__(self, username: str, password: str) -> bool:
        """Return whether the credentials match a user (always False while the name is locked)."""
        if self.locked_for(username):
            log.warning("sign-in refused for %r: too many wrong passwords", username)
            return False
        ok = self._check(username, password)
        if not ok:
            with self._guard:
                self._failures.setdefault(username, []).append(self.clock())
        return ok

    async def login(self, username: str, password: str) -> bool:
        """Check credentials in a worker thread, so that hashing never stalls Gradio's event loop."""
        # At most HASHING_THREADS scrypt runs at once: a flood queues here instead of taking every thread
        # (and 16 MB each) from the handlers.
        return await anyio.to_thread.run_sync(self, username, password, limiter=self._limiter())

    def _limiter(self) -> anyio.CapacityLimiter:
        # Made on first use, inside the serving event loop that it belongs to.
        if self._hashing is None:
            self._hashing = anyio.CapacityLimiter(HASHING_THREADS)
        return self._hashing

    def _check(self, username: str, password: str) -> bool:
        user = load_users(self.path).get(username)
        if user is None:
            # Hash anyway so that response time does not reveal which names exist.
            check_password(password, _dummy_hash())
            return False
        return check_password(password, user.hash)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(8))


def current_user(request) -> str:
    """Return the signed-in user's name, or the single local user when sign-in is off."""
    return getattr(request, "username", None) or LOCAL_USER


def is_admin(settings, username: str) -> bool:
    """Return whether a user may change the shared knowledge base."""
    if settings.auth_file is None:
        return True
    user = load_users(settings.auth_file).get(username)
    return bool(user and user.admin)


def is_loopback(host: str) -> bool:
    """Return whether a host name or address only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(settings) -> str | None:
    """Return a warning when the app would be reachable from the network without sign-in."""
    if settings.auth_file is not None or is_loopback(settings.host):
        return None
    return (
        f"WARNING: serving on {settings.host} without sign-in: anyone who can reach this machine can read "
        "every conversation and change the knowledge base. Set ASSISTANT_AUTH_FILE (see `assistant users add`) "
        "or bind to 127.0.0.1."
    )
