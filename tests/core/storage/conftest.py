"""Fixtures for the lead vault tests (defined in ``backends`` so CLI tests can share them)."""
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
