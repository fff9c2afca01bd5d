"""Keys of the lead vault: Fernet for personal fields, a keyed hash for e-mail lookup.

Without ``VAULT_KEY`` Diskret refuses to start, except in development, where a key is
generated once into the git-ignored ``var/dev-vault.key`` so local data stays readable.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
from pathlib import Path
from typing import Optional

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.settings import PROJECT_ROOT, Settings, get_settings

logger = logging.getLogger(__name__)

DEV_KEY_FILE = PROJECT_ROOT / "var" / "dev-vault.key"
_LOOKUP_INFO = b"diskret/email-lookup/v1"


class VaultKeyError(RuntimeError):
    """The vault key is missing or unusable; raised at start-up, never with the key in it."""


class DecryptionError(RuntimeError):
    """A ciphertext does not open with the configured key(s): wrong or rotated-away key."""


def normalise_email(email: str) -> str:
    """The form an address is hashed in, so ``Anna@Example.org `` finds ``anna@example.org``."""
    return email.strip().casefold()


class VaultCrypto:
    """Encrypts personal fields and hashes e-mail addresses for lookup.

    ``vault_key`` may list several comma-separated Fernet keys: the first encrypts, all
    decrypt, which allows key rotation without losing old leads.
    """

    def __init__(self, vault_key: str, lookup_hash_key: str = "") -> None:
        keys = [part.strip() for part in vault_key.split(",") if part.strip()]
        if not keys:
            raise VaultKeyError("VAULT_KEY is empty")
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        except (ValueError, TypeError) as error:
            raise VaultKeyError(
                "VAULT_KEY is not a valid Fernet key (generate one with "
                "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)"
            ) from error
        self._lookup_key = lookup_hash_key.encode() if lookup_hash_key else _derive_lookup_key(keys[0])

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as error:
            raise DecryptionError("a lead field cannot be decrypted with the configured VAULT_KEY") from error

    def lookup_hash(self, email: str) -> str:
        """HMAC-SHA256 of the normalised address: findable, but not reversible without the key."""
        return hmac.new(self._lookup_key, normalise_email(email).encode("utf-8"), hashlib.sha256).hexdigest()

    @classmethod
    def from_settings(cls, cfg: Optional[Settings] = None, dev_key_file: Path = DEV_KEY_FILE) -> "VaultCrypto":
        cfg = cfg or get_settings()
        if cfg.vault_key:
            return cls(cfg.vault_key, cfg.lookup_hash_key)
        if not cfg.is_development:
            raise VaultKeyError(
                f"VAULT_KEY is not set; Diskret refuses to store leads without it "
                f"(DISKRET_ENV={cfg.environment!r})"
            )
        return cls(_development_key(dev_key_file), cfg.lookup_hash_key)


def _derive_lookup_key(vault_key: str) -> bytes:
    """A separate key for hashing, so the hash never reuses the encryption key directly."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LOOKUP_INFO).derive(vault_key.encode())


def _development_key(path: Path) -> str:
    """Read, or once create (mode 0600), the local development key."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode("ascii")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    logger.warning("No VAULT_KEY set: generated a development vault key in %s (development mode only)", path)
    return key

