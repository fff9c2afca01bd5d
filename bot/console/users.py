"""Console accounts: a YAML file outside the repository with scrypt hashes and a role each.

Format::

    users:
      alice: {role: compliance, password_hash: "scrypt:32768:8:1$..."}
"""
from __future__ import annotations

import os
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


class UserStore:
    """Reads the users file on each sign-in, so added users need no restart."""

    def __init__(self, path: Optional[str]) -> None:
        self.path = Path(path) if path else None

    def _load(self) -> Dict[str, dict]:
        if self.path is None or not self.path.exists():
            return {}
        data = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        return dict(data.get("users") or {})

    def authenticate(self, name: str, password: str) -> Optional[User]:
        entry = self._load().get(name)
        if not entry or entry.get("role") not in ROLES:
            check_password_hash(_DUMMY_HASH, password)
            return None
        if not check_password_hash(str(entry.get("password_hash", "")), password):
            return None
        return User(name, entry["role"])

    def add(self, name: str, role: str, password: str) -> None:
        """Create or replace ``name``; the file is written with mode 0600."""
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
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            yaml.safe_dump({"users": users}, handle, sort_keys=True)
