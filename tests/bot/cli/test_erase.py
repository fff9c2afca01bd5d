"""``python -m bot erase`` removes a data subject from every store and records the request."""
from __future__ import annotations

import redis
from cryptography.fernet import Fernet

from core.storage.vault import LEAD_PURPOSE
from bot.archive.store import TranscriptArchive
from bot.archive.subject_requests import SubjectRequests
from bot.cli import erase
from core.redis_keys import tracker_prefix
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.conftest import cli_env, settings_for, writer  # noqa: F401
from tests.bot.archive.support import conversation, run_cli


def test_erase_by_email(cli_env, writer, vault, capsys):
    writer.write(conversation("subj", lead=True))
    vault.record_consent("subj", LEAD_PURPOSE, "I agree.", "v1", "en")
    vault.capture("subj", "email", "frieda.testfrau@beispiel.example")
    client = redis.Redis.from_url(cli_env.redis_url)
    client.set(tracker_prefix(cli_env) + "subj", "{}", ex=300)
    assert run_cli(erase, ["erase", "--email", "frieda.testfrau@beispiel.example", "--reference", "T-9"]) == 0
    out, _ = capsys.readouterr()
    assert "1 conversation(s) erased" in out and "1 redis_keys" in out and "1 archived_conversations" in out
    assert TranscriptArchive(vault.database).transcript("subj") is None
    assert vault.export_conversation("subj") == {"conversation_id": "subj", "leads": [], "consents": []}
    assert not client.exists(tracker_prefix(cli_env) + "subj")
    (record,) = SubjectRequests(cli_env, vault).requests()
    assert record["requester_reference"] == "T-9" and record["handled_by"].startswith("cli:")


def test_erase_by_email_after_a_key_rotation(cli_env, writer, vault, vault_key, monkeypatch, capsys):
    """docs/operations.md: the new key goes in front of VAULT_KEY; LOOKUP_HASH_KEY stays unset."""
    from core import settings as config, services

    vault.record_consent("subj", LEAD_PURPOSE, "I agree.", "v1", "en")
    vault.capture("subj", "email", "frieda.testfrau@beispiel.example")
    vault.submit("subj", "Testfrau KG", "SEO", "en")
    monkeypatch.setenv("VAULT_KEY", f"{Fernet.generate_key().decode()},{vault_key}")
    config.get_settings.cache_clear()
    services.vault.cache_clear()
    assert run_cli(erase, ["erase", "--email", "frieda.testfrau@beispiel.example", "--reference", "T-10"]) == 0
    out, _ = capsys.readouterr()
    assert "1 conversation(s) erased" in out and "1 vault_leads" in out
    assert vault.export_conversation("subj") == {"conversation_id": "subj", "leads": [], "consents": []}
