"""Console accounts: a YAML file outside the repository with scrypt hashes and a role each.

Format::

    users:
      alice: {role: compliance, password_hash: "scrypt:32768:8:1$..."}
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

import yaml
from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("compliance", "marketing")
MIN_PASSWORD_CHARS = 12
# Checked against when the user is unknown, so timing does not reveal which names exist.
_DUMMY_HASH = generate_password_hash("diskret-timing-equaliser", method="scrypt")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    credential: str  # fingerprint of the password hash: a session outlives no password reset


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()


def _user(name: str, entry: Optional[dict]) -> Optional[User]:
    if not entry or entry.get("role") not in ROLES:
        return None
    return User(name, entry["role"], _fingerprint(str(entry.get("password_hash", ""))))


class UserStore:
    """Reads the users file on every look-up (a few lines of YAML), so added, removed or demoted
    users take effect at once, without a restart and without trusting modification times."""

    def __init__(self, path: Optional[str]) -> None:
        self.path = Path(path) if path else None

    def _load(self) -> Dict[str, dict]:
        if self.path is None:
            return {}
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        data = yaml.safe_load(text) or {}
        return dict(data.get("users") or {})

    def get(self, name: str) -> Optional[User]:
        """The user as the file says now; None if they were removed or have no valid role."""
        return _user(name, self._load().get(name))

    def authenticate(self, name: str, password: str) -> Optional[User]:
        entry = self._load().get(name)
        user = _user(name, entry)
        if user is None:
            check_password_hash(_DUMMY_HASH, password)
            return None
        if not check_password_hash(str(entry.get("password_hash", "")), password):
            return None
        return user

    def add(self, name: str, role: str, password: str) -> None:
        """Create or replace ``name``. The file (mode 0600) is replaced in one step, so the running
        console, which reads it on every request, never sees it half-written."""
        if self.path is None:
            raise ValueError("CONSOLE_USERS_FILE is not set")
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        if not name or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise ValueError("user names may contain letters, digits, '.', '-' and '_'")
        if len(password) < MIN_PASSWORD_CHARS:
            raise ValueError(f"passwords need at least {MIN_PASSWORD_CHARS} characters")
        users = self._load()
        users[name] = {"role": role, "password_hash": generate_password_hash(password, method="scrypt")}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                yaml.safe_dump({"users": users}, handle, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            os.unlink(temporary)
            raise
