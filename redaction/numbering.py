"""Per-conversation placeholder numbers ("[PERSON_1]", "[PERSON_2]") without keeping values.

A value is reduced to an HMAC of its normalised form (keyed with the caller's key, in
Diskret the LOOKUP_HASH_KEY), so the same person gets the same number across messages, while
the serialised state holds only hashes and counters.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import unicodedata
from typing import Dict, Optional

from .errors import RedactionError

LOGGER = logging.getLogger(__name__)
_PROCESS_KEY = secrets.token_bytes(32)
_DIGIT_LABELS = {"PHONE", "IBAN", "CREDIT_CARD", "ID_NUMBER"}


def normalise(label: str, value: str) -> str:
    """Spelling-insensitive form: digits only for numbers, case-folded words otherwise."""
    value = unicodedata.normalize("NFKC", value)
    if label in _DIGIT_LABELS:
        return re.sub(r"[^0-9A-Za-z]", "", value).upper()
    return " ".join(re.findall(r"\w+", value.casefold()))


class PlaceholderNumbering:
    """Maps keyed hashes of redacted values to per-label numbers for one conversation."""

    def __init__(
        self,
        key: Optional[bytes] = None,
        numbers: Optional[Dict[str, int]] = None,
        counters: Optional[Dict[str, int]] = None,
    ) -> None:
        if key is None:
            LOGGER.warning("no numbering key given: placeholder numbers are stable only within this process")
        self._key = key if key is not None else _PROCESS_KEY
        self._numbers: Dict[str, int] = dict(numbers or {})
        self._counters: Dict[str, int] = dict(counters or {})

    def _digest(self, label: str, value: str) -> str:
        message = f"{label}\x00{normalise(label, value)}".encode("utf-8")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def number_for(self, label: str, value: str) -> int:
        """The value's number, assigning the next free one for its label on first sight."""
        digest = self._digest(label, value)
        if digest not in self._numbers:
            self._counters[label] = self._counters.get(label, 0) + 1
            self._numbers[digest] = self._counters[label]
        return self._numbers[digest]

    def to_dict(self) -> Dict[str, object]:
        """JSON-safe state: hashes and counters only, never a value or the key."""
        return {"version": 1, "numbers": dict(self._numbers), "counters": dict(self._counters)}

    @classmethod
    def from_dict(cls, data: Dict[str, object], key: Optional[bytes] = None) -> "PlaceholderNumbering":
        """Restore state saved by ``to_dict`` (the key must be the same one)."""
        try:
            numbers = {str(k): int(v) for k, v in dict(data["numbers"]).items()}  # type: ignore[arg-type]
            counters = {str(k): int(v) for k, v in dict(data["counters"]).items()}  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError) as error:
            raise RedactionError("invalid placeholder numbering state") from error
        return cls(key=key, numbers=numbers, counters=counters)
