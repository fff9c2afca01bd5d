"""Session tokens and conversation ids: the id is a keyed hash of the token, and the key is kept safe."""
from __future__ import annotations

import hashlib
import hmac
import logging
import stat
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.session_tokens import (
    SessionKeyError, conversation_id, is_session_token, new_session_token, session_key,
)
from core.settings import Settings

KEY = "k" * 32


def test_conversation_id_is_a_keyed_hash_of_the_token():
    token = new_session_token()
    derived = conversation_id(token, KEY)
    assert len(derived) == 32 and all(char in "0123456789abcdef" for char in derived)
    assert derived == conversation_id(token, KEY), "every server with the key derives the same id"
    assert derived != token and token not in derived
    assert conversation_id(token, "x" * 32) != derived, "another key, another id"
    assert conversation_id(new_session_token(), KEY) != derived


def test_conversation_id_is_domain_separated():
    """Not the plain HMAC of the token, so the key's hashes cannot be confused with another use of it."""
    token = new_session_token()
    plain = hmac.new(KEY.encode(), token.encode(), hashlib.sha256).hexdigest()[:32]
    assert conversation_id(token, KEY) != plain


def test_a_conversation_id_used_as_a_token_opens_another_conversation():
    """What staff see, sent back as a token, names a different conversation."""
    victim = conversation_id(new_session_token(), KEY)
    assert is_session_token(victim)
    assert conversation_id(victim, KEY) != victim


def test_new_tokens_are_long_random_and_valid():
    tokens = {new_session_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(is_session_token(token) and len(token) >= 43 for token in tokens)  # 256 random bits


@pytest.mark.parametrize("value", [None, 42, "", "short", "../../etc/passwd", "a" * 65, {"$ne": None}])
def test_malformed_tokens_are_refused(value):
    assert not is_session_token(value)


def test_configured_key_wins(tmp_path):
    key_file = tmp_path / "session.key"
    assert session_key(Settings(session_key=KEY), dev_file=key_file) == KEY
    assert not key_file.exists()


def test_short_key_is_refused_without_echoing_it():
    with pytest.raises(SessionKeyError) as error:
        session_key(Settings(session_key="too-short"))
    assert "too-short" not in str(error.value)


def test_production_without_key_refuses_to_start(tmp_path):
    key_file = tmp_path / "session.key"
    with pytest.raises(SessionKeyError, match="SESSION_KEY is not set"):
        session_key(Settings(environment="production"), dev_file=key_file)
    assert not key_file.exists()


def test_development_generates_one_private_key_and_reuses_it(tmp_path, caplog):
    key_file = tmp_path / "var" / "session.key"
    with caplog.at_level(logging.WARNING, logger="core.session_tokens"):
        first = session_key(Settings(), dev_file=key_file)
    assert len(first) >= 32 and first not in caplog.text
    assert "generated a development session key" in caplog.text
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert session_key(Settings(), dev_file=key_file) == first


def test_servers_starting_together_agree_on_one_development_key(tmp_path):
    key_file = tmp_path / "var" / "session.key"
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: session_key(Settings(), dev_file=key_file), range(32)))
    assert keys == {key_file.read_text().strip()}
    assert [path.name for path in key_file.parent.iterdir()] == ["session.key"], "no drafts left behind"
