"""Fixtures for the lead vault tests (defined in ``backends`` and ``crm`` so CLI tests can share them)."""
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.core.storage.crm import crm_factory  # noqa: F401
