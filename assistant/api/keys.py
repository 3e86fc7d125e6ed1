"""API keys: random tokens shown once, stored only as sha256 hashes beside the user each acts as."""

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.web.auth import USERNAME

TOKEN_PREFIX = "ita-"
HINT_CHARS = 8
KEYS_FILE = "api-keys.json"


class KeysFileError(ValueError):
    """The keys file cannot be read or a key change is invalid."""


@dataclass(frozen=True)
class ApiKey:
    """A stored key: its name, the user it acts as, and the hash of its token."""

    name: str
    user: str
    sha256: str
    hint: str  # the token's first characters, to recognise a key in a list
    created: float


def keys_path(settings) -> Path:
    """Return the keys file of these settings (in the data dir, which the web app never serves)."""
    return settings.data_dir / KEYS_FILE


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


class KeyStore:
    """The keys file; read on every check, so a revoked key stops working without a restart."""

    def __init__(self, path: Path):
        self.path = path
        self._guard = threading.Lock()

    def load(self) -> dict[str, ApiKey]:
        """Return the keys by name; a missing file means no keys yet."""
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {name: ApiKey(name=name, **entry) for name, entry in data.get("keys", {}).items()}
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            raise KeysFileError(f"cannot read the keys file {self.path}: {exc}") from exc

    def _save(self, keys: dict[str, ApiKey]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entries = {k.name: {f: v for f, v in asdict(k).items() if f != "name"} for k in sorted(keys.values(), key=lambda k: k.name)}
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps({"keys": entries}, indent=2) + "\n", encoding="utf-8")
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)

    def create(self, name: str, user: str) -> str:
        """Store a new key acting as `user` and return its token, which is never stored."""
        for label, value in (("key name", name), ("user name", user)):
            if not USERNAME.match(value):
                raise KeysFileError(f"a {label} is 1-64 letters, digits or . _ @ - and starts with a letter or digit")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._guard:
            keys = self.load()
            if name in keys:
                raise KeysFileError(f"a key named {name!r} exists already: revoke it first or pick another name")
            keys[name] = ApiKey(name, user, _digest(token), token[:HINT_CHARS], time.time())
            self._save(keys)
        return token

    def revoke(self, name: str) -> bool:
        """Delete a key; return whether it existed."""
        with self._guard:
            keys = self.load()
            if keys.pop(name, None) is None:
                return False
            self._save(keys)
        return True

    def find(self, token: str) -> ApiKey | None:
        """Return the key a token belongs to, or None."""
        digest = _digest(token)
        found = None
        for key in self.load().values():
            # Compare every entry in constant time, so timing tells nothing about stored hashes.
            if hmac.compare_digest(key.sha256, digest):
                found = key
        return found
