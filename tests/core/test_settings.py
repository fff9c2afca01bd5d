"""Settings: production refuses to start without its keys or with a webhook that is not https."""
from __future__ import annotations

import logging

import pytest
from cryptography.fernet import Fernet

from core.settings import ConfigurationError, Settings, check_production, load_settings
from core.storage.crypto import VaultKeyError
from core.storage.database import Database
from core.storage.vault import LeadVault
from core.storage.webhook import WebhookConfigError

KEYS = dict(vault_key=Fernet.generate_key().decode(), lookup_hash_key="lookup-key", console_secret_key="console-key")


def test_development_is_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("DISKRET_ENV", raising=False)
    assert load_settings(tmp_path / "no.env").is_development


def test_production_without_keys_lists_every_missing_one():
    cfg = Settings(environment="production")
    assert cfg.problems() == [
        "VAULT_KEY is not set", "LOOKUP_HASH_KEY is not set", "CONSOLE_SECRET_KEY is not set"]
    with pytest.raises(ConfigurationError) as error:
        check_production(cfg)
    message = str(error.value)
    assert "DISKRET_ENV='production'" in message
    for name in ("VAULT_KEY", "LOOKUP_HASH_KEY", "CONSOLE_SECRET_KEY"):
        assert name in message


@pytest.mark.parametrize("missing", sorted(KEYS))
def test_each_key_is_required_on_its_own(missing):
    cfg = Settings(environment="production", **dict(KEYS, **{missing: ""}))
    assert cfg.problems() == [f"{missing.upper()} is not set"]


def test_complete_production_settings_start(caplog):
    with caplog.at_level(logging.WARNING, logger="core.settings"):
        check_production(Settings(environment="production", **KEYS))
    assert caplog.text == ""


def test_development_starts_without_keys_but_says_so(caplog):
    with caplog.at_level(logging.WARNING, logger="core.settings"):
        check_production(Settings(environment="development"))
    assert "DISKRET_ENV=production" in caplog.text


def test_webhook_problems_are_listed_without_echoing_the_url():
    url = "http://crm-user:crm-password@crm.example.com/hooks"
    cfg = Settings(environment="production", lead_webhook_url=url, **KEYS)
    assert cfg.problems() == [
        "LEAD_WEBHOOK_URL must be an https:// URL", "LEAD_WEBHOOK_URL is set but LEAD_WEBHOOK_SECRET is empty"]
    with pytest.raises(ConfigurationError) as error:
        check_production(cfg)
    assert "crm-password" not in str(error.value)
    local = Settings(environment="development", lead_webhook_url="http://127.0.0.1:9/", lead_webhook_secret="s")
    assert local.problems() == []


def test_the_vault_is_not_built_from_unsafe_settings(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with pytest.raises(ConfigurationError, match="LOOKUP_HASH_KEY is not set; CONSOLE_SECRET_KEY is not set"):
        LeadVault.from_settings(Settings(environment="production", vault_key=KEYS["vault_key"]), database)
    assert LeadVault.from_settings(Settings(environment="production", **KEYS), database).webhook is None


def test_storage_configuration_errors_are_configuration_errors():
    assert issubclass(VaultKeyError, ConfigurationError) and issubclass(WebhookConfigError, ConfigurationError)
