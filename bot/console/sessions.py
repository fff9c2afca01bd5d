"""Console sign-ins kept in Redis, so they can be ended from the server side.

The cookie holds nothing but a random id (256 bits). Redis holds, under a SHA-256 of that id,
who signed in and a fingerprint of their password hash, with ``CONSOLE_SESSION_MINUTES`` as
TTL, renewed by every request (sliding, like the cookie). Storing only the hash means that
reading Redis yields no cookie anyone could replay. Nothing else is trusted from the client:
``security`` looks the user and their role up in the users file on every request.

Visitors who have not signed in get an id too, but no record: it only binds their sign-in
form's CSRF token, which is an HMAC of the id, so nobody can fill Redis by loading /login.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any, Optional

from core.redis_keys import console_session_key
from core.settings import Settings

ID_BYTES = 32
ID_FORMAT = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class SignIn:
    """What the server remembers of one sign-in."""

    user: str
    credential: str


def new_id() -> str:
    return secrets.token_urlsafe(ID_BYTES)


def well_formed(session_id: Optional[str]) -> bool:
    return bool(session_id) and ID_FORMAT.fullmatch(session_id) is not None


class SessionStore:
    def __init__(self, client: Any, settings: Settings, secret: str) -> None:
        self.client = client
        self.settings = settings
        self.ttl = settings.console_session_minutes * 60
        self._secret = secret.encode()

    def ping(self) -> bool:
        """True while the session store answers (readiness)."""
        return bool(self.client.ping())

    def _key(self, session_id: str) -> str:
        return console_session_key(self.settings, hashlib.sha256(session_id.encode()).hexdigest())

    def create(self, user: str, credential: str) -> str:
        """A fresh id for a new sign-in (never one the browser brought: no session fixation)."""
        session_id = new_id()
        self.client.set(self._key(session_id), json.dumps({"user": user, "credential": credential}), ex=self.ttl)
        return session_id

    def load(self, session_id: str) -> Optional[SignIn]:
        """The sign-in behind ``session_id`` with its expiry pushed back, or None if unknown or expired."""
        if not well_formed(session_id):
            return None
        raw = self.client.getex(self._key(session_id), ex=self.ttl)
        if raw is None:
            return None
        record = json.loads(raw)
        return SignIn(record["user"], record["credential"])

    def delete(self, session_id: str) -> None:
        if well_formed(session_id):
            self.client.delete(self._key(session_id))

    def csrf_token(self, session_id: str) -> str:
        """The form token for ``session_id``: only someone who holds the cookie can know it."""
        return hmac.new(self._secret, b"csrf:" + session_id.encode(), hashlib.sha256).hexdigest()
