"""Users file, password hashing, sign-in checks, roles and the exposure warning."""

import json
import stat
from types import SimpleNamespace

import pytest

from assistant.settings import Settings
from assistant.web.auth import (
    LOCAL_USER,
    Authenticator,
    UsersFileError,
    add_user,
    check_password,
    current_user,
    exposure_warning,
    hash_password,
    is_admin,
    is_loopback,
    load_users,
    remove_user,
)


def test_hash_is_salted_and_verifies_only_the_right_password():
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second and first.startswith("scrypt$")
    assert check_password("correct horse", first) and check_password("correct horse", second)
    assert not check_password("correct horsf", first)


@pytest.mark.parametrize("stored", ["", "plain-text", "scrypt$1$2$3$!!$!!", "md5$x$y$z$a$b"])
def test_malformed_hashes_never_verify(stored):
    assert check_password("anything", stored) is False


def test_users_file_holds_hashes_not_passwords(tmp_path):
    path = tmp_path / "users.json"
    assert add_user(path, "alice", "alice-secret-1", admin=True) is True
    assert add_user(path, "bob", "bob-secret-22") is True
    assert add_user(path, "bob", "bob-secret-33") is False  # a second add resets the password
    data = json.loads(path.read_text())
    assert set(data["users"]) == {"alice", "bob"}
    assert data["users"]["alice"]["admin"] is True and data["users"]["bob"]["admin"] is False
    assert "secret" not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert remove_user(path, "bob") is True and remove_user(path, "bob") is False
    assert set(load_users(path)) == {"alice"}


@pytest.mark.parametrize("name, password", [("", "long-enough"), ("../x", "long-enough"), ("ok", "short")])
def test_invalid_users_are_refused(tmp_path, name, password):
    with pytest.raises(UsersFileError):
        add_user(tmp_path / "users.json", name, password)


def test_corrupt_users_file_is_a_clear_error(tmp_path):
    path = tmp_path / "users.json"
    path.write_text("{not json")
    with pytest.raises(UsersFileError, match="cannot read users file"):
        load_users(path)


def test_authenticator_reads_changes_without_restart(tmp_path):
    path = tmp_path / "users.json"
    check = Authenticator(path)
    assert check("alice", "alice-secret-1") is False
    add_user(path, "alice", "alice-secret-1")
    assert check("alice", "alice-secret-1") is True
    assert check("alice", "wrong-password") is False
    assert check("mallory", "alice-secret-1") is False


def test_roles_and_identity(tmp_path):
    path = tmp_path / "users.json"
    add_user(path, "alice", "alice-secret-1", admin=True)
    add_user(path, "bob", "bob-secret-22")
    signed_in = Settings(data_dir=tmp_path, auth_file=path)
    assert is_admin(signed_in, "alice") and not is_admin(signed_in, "bob") and not is_admin(signed_in, "ghost")
    assert is_admin(Settings(data_dir=tmp_path, auth_file=None), LOCAL_USER)
    assert current_user(SimpleNamespace(username=None)) == LOCAL_USER
    assert current_user(SimpleNamespace(username="bob")) == "bob"


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                            ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_detection(host, loopback):
    assert is_loopback(host) is loopback


def test_exposed_without_sign_in_warns(tmp_path):
    assert exposure_warning(Settings(data_dir=tmp_path, host="127.0.0.1", auth_file=None)) is None
    warning = exposure_warning(Settings(data_dir=tmp_path, host="0.0.0.0", auth_file=None))
    assert warning and "ASSISTANT_AUTH_FILE" in warning and "0.0.0.0" in warning
    assert exposure_warning(Settings(data_dir=tmp_path, host="0.0.0.0", auth_file=tmp_path / "users.json")) is None


def test_repeated_wrong_passwords_lock_the_name_for_a_while(tmp_path, monkeypatch):
    from assistant.web import auth

    path = tmp_path / "users.json"
    add_user(path, "carol", "right-password-1")
    now = [1000.0]
    check = Authenticator(path, clock=lambda: now[0])
    hashed = []
    monkeypatch.setattr(auth, "check_password", lambda p, h: hashed.append(p) or p == "right-password-1")
    for _ in range(auth.MAX_FAILURES):
        assert not check("carol", "guess")
    assert check.locked_for("carol") == pytest.approx(auth.FAILURE_WINDOW_S)
    assert not check("carol", "right-password-1")  # locked: even the right password waits
    assert len(hashed) == auth.MAX_FAILURES  # and a locked name costs no hashing
    assert check.locked_for("dave") == 0  # other names are not affected
    now[0] += auth.FAILURE_WINDOW_S + 1
    assert check("carol", "right-password-1")


def test_sign_in_hashes_in_a_worker_thread_not_on_the_event_loop(tmp_path, monkeypatch):
    import asyncio
    import inspect
    import threading

    from assistant.web import auth, launch_options

    path = tmp_path / "users.json"
    add_user(path, "carol", "right-password-1")
    options = launch_options(Settings(data_dir=tmp_path, auth_file=path))
    assert inspect.iscoroutinefunction(options["auth"])  # so Gradio awaits it instead of calling it on the loop
    threads = []
    real = auth.check_password
    monkeypatch.setattr(auth, "check_password", lambda p, h: threads.append(threading.current_thread()) or real(p, h))

    async def sign_in(password):
        return await options["auth"]("carol", password), threading.current_thread()

    def run(coroutine):
        # A fresh thread has no running loop, whatever an earlier test (a browser driver) left on this one.
        done = {}
        worker = threading.Thread(target=lambda: done.setdefault("value", asyncio.run(coroutine)))
        worker.start()
        worker.join()
        return done["value"]

    (ok, loop_thread), (wrong, _) = run(sign_in("right-password-1")), run(sign_in("nope-nope"))
    assert ok and not wrong
    assert threads and all(thread is not loop_thread for thread in threads)
