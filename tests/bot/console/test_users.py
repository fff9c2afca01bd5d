"""The users file is read on every look-up and always replaced whole, with mode 0600."""
from __future__ import annotations

import stat

from bot.console.users import UserStore


def test_look_ups_follow_the_file(tmp_path):
    store = UserStore(str(tmp_path / "users.yml"))
    assert store.get("alice") is None
    store.add("alice", "compliance", "correct horse battery")
    alice = store.get("alice")
    assert (alice.name, alice.role) == ("alice", "compliance")
    UserStore(str(tmp_path / "users.yml")).add("alice", "marketing", "correct horse battery")
    changed = store.get("alice")
    assert changed.role == "marketing" and changed.credential != alice.credential, "a new hash, a new fingerprint"
    assert store.authenticate("alice", "correct horse battery") == changed
    (tmp_path / "users.yml").unlink()
    assert store.get("alice") is None and store.authenticate("alice", "correct horse battery") is None


def test_file_is_replaced_whole_and_private(tmp_path):
    store = UserStore(str(tmp_path / "users.yml"))
    store.add("alice", "compliance", "correct horse battery")
    store.add("mark", "marketing", "marketing staple 42")
    assert stat.S_IMODE((tmp_path / "users.yml").stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["users.yml"], "no temporary file left behind"
    assert store.get("alice").role == "compliance" and store.get("mark").role == "marketing"
