"""`assistant keys` (create, list, revoke), the hashed keys file and the per-key rate limit."""

import json
import stat

import pytest
from click.testing import CliRunner

from assistant.api.keys import KeyStore, keys_path
from assistant.api.rate_limit import RateLimiter
from assistant.cli import main
from assistant.settings import get_settings
from assistant.web.auth import add_user


@pytest.fixture
def env(tmp_path, monkeypatch, isolated_env):
    """Point the CLI at a data dir under tmp_path, sign-in off."""
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    return tmp_path


@pytest.fixture
def signed_in_env(env, monkeypatch):
    """Sign-in on, with one user alice."""
    monkeypatch.setenv("ASSISTANT_AUTH_FILE", str(env / "users.json"))
    add_user(env / "users.json", "alice", "alice-password-1")
    get_settings.cache_clear()
    return env


def run(*args):
    return CliRunner().invoke(main, list(args))


def store() -> KeyStore:
    return KeyStore(keys_path(get_settings()))


def test_create_shows_the_token_once_and_stores_only_its_hash(signed_in_env):
    result = run("keys", "create", "slack-bot", "--user", "alice")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("ita-") and len(token) > 40 and "not shown again" in result.stderr
    path = keys_path(get_settings())
    assert token not in path.read_text() and stat.S_IMODE(path.stat().st_mode) == 0o600
    key = store().find(token)
    assert key.name == "slack-bot" and key.user == "alice"
    assert store().find(token + "x") is None
    listing = run("keys", "list")
    assert "slack-bot  user=alice" in listing.output and token[:8] in listing.output and token not in listing.output
    assert "1 keys in" in listing.output


def test_revoke_deletes_the_key(signed_in_env):
    token = run("keys", "create", "ci", "--user", "alice").stdout.strip()
    result = run("keys", "revoke", "ci")
    assert result.exit_code == 0 and "revoked ci" in result.output
    assert store().find(token) is None
    again = run("keys", "revoke", "ci")
    assert again.exit_code == 1 and "no key named 'ci'" in again.output


def test_with_sign_in_on_a_key_needs_a_known_user(signed_in_env):
    missing = run("keys", "create", "bot")
    assert missing.exit_code == 2 and "pass --user" in missing.output
    unknown = run("keys", "create", "bot", "--user", "mallory")
    assert unknown.exit_code == 2 and "no user 'mallory'" in unknown.output
    assert not keys_path(get_settings()).exists()


def test_without_sign_in_a_key_acts_as_the_local_user(env):
    token = run("keys", "create", "script").stdout.strip()
    assert store().find(token).user == "local"


def test_names_are_unique_and_checked(env):
    assert run("keys", "create", "bot").exit_code == 0
    duplicate = run("keys", "create", "bot")
    assert duplicate.exit_code == 2 and "exists already" in duplicate.output
    bad = run("keys", "create", "no spaces please")
    assert bad.exit_code == 2 and "key name" in bad.output


def test_a_damaged_keys_file_is_reported_without_a_traceback(env):
    path = keys_path(get_settings())
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    result = run("keys", "list")
    assert result.exit_code == 1 and "cannot read the keys file" in result.output and "Traceback" not in result.output


def test_keys_file_is_json_with_no_token(env):
    token = run("keys", "create", "bot").stdout.strip()
    entry = json.loads(keys_path(get_settings()).read_text())["keys"]["bot"]
    assert set(entry) == {"user", "sha256", "hint", "created"} and token not in json.dumps(entry)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_allows_n_requests_per_minute_per_key():
    clock = Clock()
    limiter = RateLimiter(3, clock)
    assert [limiter.wait_for("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    clock.now += 20
    assert limiter.wait_for("a") == pytest.approx(40.0)
    assert limiter.wait_for("b") == 0.0  # another key has its own allowance
    clock.now += 40
    assert limiter.wait_for("a") == 0.0


def test_rate_limit_zero_is_off():
    limiter = RateLimiter(0, Clock())
    assert all(limiter.wait_for("a") == 0.0 for _ in range(1000))
