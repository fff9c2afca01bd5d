"""Session tokens, the secret a visitor's chat holds, and the conversation ids derived from them.

The client keeps a random token issued by the Rasa server; the conversation id (Rasa sender id,
socket.io room, tracker key, what staff see in the console) is a keyed hash of it. Knowing a
conversation id therefore neither reveals the token nor lets a socket join the conversation,
and every Rasa server with the same ``SESSION_KEY`` derives the same id without shared state.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from pathlib import Path
from typing import Any

from core.secret_files import shared_secret
from core.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

DEV_KEY_FILE = PROJECT_ROOT / "var" / "session.key"
# The format the protocol's ``session_id`` field must have (rasa-webchat and the widget send it).
SESSION_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MIN_KEY_CHARS = 32
CONVERSATION_ID_CHARS = 32
# Domain separation: this key's hashes mean "conversation id" and nothing else.
_LABEL = b"diskret/conversation-id/v1\x00"


class SessionKeyError(RuntimeError):
    """``SESSION_KEY`` is missing or too short; raised at start-up, never with the key in it."""


def new_session_token() -> str:
    """A fresh token: 256 random bits, URL-safe, within ``SESSION_TOKEN``."""
    return secrets.token_urlsafe(32)


def is_session_token(value: Any) -> bool:
    return isinstance(value, str) and SESSION_TOKEN.match(value) is not None


def conversation_id(token: str, key: str) -> str:
    """HMAC-SHA256 of the token under the server key, 32 hex characters (128 bits)."""
    digest = hmac.new(key.encode("utf-8"), _LABEL + token.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:CONVERSATION_ID_CHARS]


def session_key(settings: Settings, dev_file: Path = DEV_KEY_FILE) -> str:
    """``SESSION_KEY``, or in development a key generated once into ``var/`` (mode 0600)."""
    if settings.session_key:
        if len(settings.session_key) < MIN_KEY_CHARS:
            raise SessionKeyError(f"SESSION_KEY must be at least {MIN_KEY_CHARS} characters long")
        return settings.session_key
    if not settings.is_development:
        raise SessionKeyError(
            f"SESSION_KEY is not set; every Rasa server needs the same one (DISKRET_ENV={settings.environment!r})"
        )
    return _development_key(dev_file)


def _development_key(path: Path) -> str:
    """The local key, created exactly once for every server on this machine (see ``core.secret_files``)."""
    key, created = shared_secret(path)
    if created:
        logger.warning("No SESSION_KEY set: generated a development session key in %s (development mode only)", path)
    return key
