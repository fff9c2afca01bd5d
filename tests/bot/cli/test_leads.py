"""``python -m bot leads`` as an operator runs it: a subprocess with DATABASE_URL and VAULT_KEY."""
from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from typing import Dict

from cryptography.fernet import Fernet

from core.settings import PROJECT_ROOT
from core.storage.vault import LEAD_PURPOSE, LeadVault
from tests.core.storage.backends import Backend, backend, database, vault, vault_key  # noqa: F401

LEADS = [
    ("conv-1", "Erika Mustermann", "erika.mustermann@example.org", "+49 30 12345678", "Beispiel GmbH", "SEO"),
    ("conv-2", "=HYPERLINK(\"http://example.invalid\")", "john.doe@example.com", "+44 20 7946 0000", "Doe Ltd", "PPC"),
]


def cli_env(backend: Backend, key: str, **extra: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=backend.env_url,
        VAULT_KEY=key,
        DISKRET_ENV="production",
        LOOKUP_HASH_KEY="test-lookup-key",
        CONSOLE_SECRET_KEY="test-console-secret",
        LEAD_WEBHOOK_URL="",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def run_cli(env: Dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def fill(vault: LeadVault) -> None:
    for conversation, name, email, phone, company, topic in LEADS:
        vault.record_consent(conversation, LEAD_PURPOSE, "Einwilligungstext", "v1", "de")
        vault.capture(conversation, "name", name)
        vault.capture(conversation, "email", email)
        vault.capture(conversation, "phone", phone)
        vault.submit(conversation, company, topic, "de")
    vault.record_consent("conv-draft", LEAD_PURPOSE, "Einwilligungstext", "v1", "de")
    vault.capture("conv-draft", "email", "draft.only@example.net")


def test_list_shows_decrypted_submitted_leads(backend, vault, vault_key):
    fill(vault)
    result = run_cli(cli_env(backend, vault_key), "leads", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "status", "submitted_at"]
    assert len(lines) == 3
    assert "Erika Mustermann" in result.stdout and "erika.mustermann@example.org" in result.stdout
    assert "draft.only@example.net" not in result.stdout
    with_drafts = run_cli(cli_env(backend, vault_key), "leads", "list", "--include-drafts")
    assert "draft.only@example.net" in with_drafts.stdout


def test_export_csv_to_stdout_neutralises_formulas(backend, vault, vault_key):
    fill(vault)
    result = run_cli(cli_env(backend, vault_key), "leads", "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["email"] for row in rows] == ["erika.mustermann@example.org", "john.doe@example.com"]
    assert rows[0]["phone"] == "+49 30 12345678" and rows[0]["company"] == "Beispiel GmbH"
    assert rows[1]["name"] == "'=HYPERLINK(\"http://example.invalid\")"


def test_export_json_to_private_file(backend, vault, vault_key, tmp_path):
    fill(vault)
    target = tmp_path / "leads.json"
    result = run_cli(cli_env(backend, vault_key), "leads", "export", "--format", "json", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    exported = json.loads(target.read_text())
    assert [(lead["conversation_id"], lead["name"]) for lead in exported] == [(c, n) for c, n, *_ in LEADS]


def test_wrong_key_or_no_key_fails_clearly(backend, vault, vault_key):
    fill(vault)
    wrong = run_cli(cli_env(backend, Fernet.generate_key().decode()), "leads", "list")
    assert wrong.returncode == 2 and "cannot be decrypted" in wrong.stderr
    assert "erika" not in (wrong.stdout + wrong.stderr).lower()
    missing = run_cli(cli_env(backend, ""), "leads", "list")
    assert missing.returncode == 2 and "VAULT_KEY is not set" in missing.stderr


def test_production_without_its_keys_refuses_to_run(backend, vault, vault_key):
    fill(vault)
    result = run_cli(cli_env(backend, vault_key, LOOKUP_HASH_KEY="", CONSOLE_SECRET_KEY=""), "leads", "list")
    assert result.returncode == 2
    assert "LOOKUP_HASH_KEY is not set; CONSOLE_SECRET_KEY is not set" in result.stderr
    assert "erika" not in result.stdout.lower()


def test_rekey_lets_the_old_key_go(backend, vault, vault_key):
    fill(vault)
    new_key = Fernet.generate_key().decode()
    result = run_cli(cli_env(backend, f"{new_key},{vault_key}"), "leads", "rekey")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "3 lead(s) re-encrypted and re-hashed with the first key\n"
    listing = run_cli(cli_env(backend, new_key), "leads", "list", "--include-drafts")
    assert listing.returncode == 0, listing.stderr
    assert "erika.mustermann@example.org" in listing.stdout and "draft.only@example.net" in listing.stdout
    assert run_cli(cli_env(backend, vault_key), "leads", "list").returncode == 2
