"""Keys of the lead vault: Fernet for personal fields, a keyed hash for e-mail lookup.

Without ``VAULT_KEY`` Diskret refuses to start, except in development, where a key is
generated once into the git-ignored, owner-only ``var/dev-vault.key`` so local data stays readable.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import stat
from pathlib import Path
from typing import List, Optional

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.settings import PROJECT_ROOT, ConfigurationError, Settings, get_settings
from core.secret_files import shared_secret

logger = logging.getLogger(__name__)

DEV_KEY_FILE = PROJECT_ROOT / "var" / "dev-vault.key"
_LOOKUP_INFO = b"diskret/email-lookup/v1"


class VaultKeyError(ConfigurationError):
    """The vault key is missing or unusable; raised at start-up, never with the key in it."""


class DecryptionError(RuntimeError):
    """A ciphertext does not open with the configured key(s): wrong or rotated-away key."""


def normalise_email(email: str) -> str:
    """The form an address is hashed in, so ``Anna@Example.org `` finds ``anna@example.org``."""
    return email.strip().casefold()


class VaultCrypto:
    """Encrypts personal fields and hashes e-mail addresses for lookup.

    ``vault_key`` and ``lookup_hash_key`` may each list several comma-separated keys, newest
    first: the first encrypts (or hashes), all decrypt (or are tried when looking up).

    Why look-ups try several hash keys: the lookup key is ``LOOKUP_HASH_KEY`` or, without it,
    derived from a vault key. Had only the first key been tried, putting a new key in front of
    ``VAULT_KEY`` (or setting ``LOOKUP_HASH_KEY`` for the first time) would silently make every
    stored lead unfindable by e-mail, and an erasure by e-mail would miss it. So a look-up tries
    every ``LOOKUP_HASH_KEY`` and the key derived from every ``VAULT_KEY``, and ``rekey`` (run
    as the last step of a rotation) re-hashes stored leads with the first key.
    """

    def __init__(self, vault_key: str, lookup_hash_key: str = "") -> None:
        keys = _split(vault_key)
        if not keys:
            raise VaultKeyError("VAULT_KEY is empty")
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        except (ValueError, TypeError) as error:
            raise VaultKeyError(
                "VAULT_KEY is not a valid Fernet key (generate one with "
                "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)"
            ) from error
        candidates = [key.encode() for key in _split(lookup_hash_key)] + [_derive_lookup_key(key) for key in keys]
        self._lookup_keys = list(dict.fromkeys(candidates))

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as error:
            raise DecryptionError("a lead field cannot be decrypted with the configured VAULT_KEY") from error

    def reencrypt(self, token: str) -> str:
        """The same value encrypted with the first key, so older keys can be retired."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as error:
            raise DecryptionError("a lead field cannot be decrypted with the configured VAULT_KEY") from error

    def lookup_hash(self, email: str) -> str:
        """HMAC-SHA256 of the normalised address with the first lookup key: what is stored."""
        return _hmac(self._lookup_keys[0], email)

    def lookup_hashes(self, email: str) -> List[str]:
        """The address's hash under every lookup key still configured: what a look-up matches."""
        return [_hmac(key, email) for key in self._lookup_keys]

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


def _split(keys: str) -> List[str]:
    return [part.strip() for part in keys.split(",") if part.strip()]


def _hmac(key: bytes, email: str) -> str:
    """Findable, but not reversible without the key."""
    return hmac.new(key, normalise_email(email).encode("utf-8"), hashlib.sha256).hexdigest()


def _derive_lookup_key(vault_key: str) -> bytes:
    """A separate key for hashing, so the hash never reuses the encryption key directly."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LOOKUP_INFO).derive(vault_key.encode())


def _development_key(path: Path) -> str:
    """Read, or once create, the local development key: owner-only (0600, in a 0700 folder)."""
    if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(0o600)
        logger.warning("The development vault key %s was readable by others; made it owner-only (0600)", path)
    key, created = shared_secret(path, lambda: Fernet.generate_key().decode("ascii"), folder_mode=0o700)
    if created:
        logger.warning(
            "No VAULT_KEY set: generated a development vault key in %s (mode 0600). Leads encrypted with it can be "
            "read on this machine only; production must set DISKRET_ENV=production and VAULT_KEY", path
        )
    return key
