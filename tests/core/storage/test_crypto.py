"""Key handling: no key means no start outside development; development keeps one local key."""
from __future__ import annotations

import hashlib
import logging
import stat
import subprocess

import pytest
from cryptography.fernet import Fernet

from core.settings import PROJECT_ROOT, Settings
from core.storage.crypto import DEV_KEY_FILE, DecryptionError, VaultCrypto, VaultKeyError

EMAIL = "erika.mustermann@example.org"


def test_production_without_key_refuses_to_start(tmp_path):
    key_file = tmp_path / "dev-vault.key"
    with pytest.raises(VaultKeyError, match="VAULT_KEY is not set"):
        VaultCrypto.from_settings(Settings(environment="production", vault_key=""), dev_key_file=key_file)
    assert not key_file.exists()


def test_invalid_key_is_refused_without_echoing_it():
    with pytest.raises(VaultKeyError) as error:
        VaultCrypto("not-a-fernet-key")
    assert "not-a-fernet-key" not in str(error.value)


def test_development_generates_one_private_key_and_reuses_it(tmp_path, caplog):
    key_file = tmp_path / "var" / "dev-vault.key"
    with caplog.at_level(logging.WARNING, logger="core.storage.crypto"):
        first = VaultCrypto.from_settings(Settings(environment="development"), dev_key_file=key_file)
    key = key_file.read_text().strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "generated a development vault key" in caplog.text
    assert key not in caplog.text
    second = VaultCrypto.from_settings(Settings(environment="development"), dev_key_file=key_file)
    assert second.decrypt(first.encrypt("Erika")) == "Erika"


def test_development_key_folder_is_private_and_a_loose_key_is_tightened(tmp_path, caplog):
    key_file = tmp_path / "var" / "dev-vault.key"
    VaultCrypto.from_settings(Settings(environment="development"), dev_key_file=key_file)
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    key_file.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="core.storage.crypto"):
        VaultCrypto.from_settings(Settings(environment="development"), dev_key_file=key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "readable by others" in caplog.text


def test_dev_key_file_is_git_ignored():
    result = subprocess.run(
        ["git", "check-ignore", "-q", str(DEV_KEY_FILE.relative_to(PROJECT_ROOT))], cwd=PROJECT_ROOT, check=False
    )
    assert result.returncode == 0


def test_encrypt_roundtrip_and_wrong_key():
    crypto = VaultCrypto(Fernet.generate_key().decode())
    token = crypto.encrypt(EMAIL)
    assert EMAIL not in token and crypto.decrypt(token) == EMAIL
    with pytest.raises(DecryptionError):
        VaultCrypto(Fernet.generate_key().decode()).decrypt(token)


def test_rotated_keys_still_decrypt_old_values():
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = VaultCrypto(old_key).encrypt(EMAIL)
    assert VaultCrypto(f"{new_key},{old_key}").decrypt(token) == EMAIL


def test_lookup_hash_is_keyed_and_normalised():
    key = Fernet.generate_key().decode()
    crypto = VaultCrypto(key)
    digest = crypto.lookup_hash(EMAIL)
    assert digest == crypto.lookup_hash("  Erika.Mustermann@EXAMPLE.org ")
    assert EMAIL not in digest
    assert digest != hashlib.sha256(EMAIL.encode()).hexdigest()
    assert digest != VaultCrypto(Fernet.generate_key().decode()).lookup_hash(EMAIL)
    assert digest != VaultCrypto(key, lookup_hash_key="separate-lookup-key").lookup_hash(EMAIL)


def test_lookups_try_every_configured_key_and_store_with_the_first():
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    before_rotation = VaultCrypto(old_key).lookup_hash(EMAIL)
    rotating = VaultCrypto(f"{new_key},{old_key}")
    assert rotating.lookup_hash(EMAIL) == VaultCrypto(new_key).lookup_hash(EMAIL) != before_rotation
    assert before_rotation in rotating.lookup_hashes(EMAIL)
    explicit = VaultCrypto(new_key, lookup_hash_key="next,current")
    assert explicit.lookup_hash(EMAIL) == VaultCrypto(new_key, lookup_hash_key="next").lookup_hash(EMAIL)
    assert VaultCrypto(new_key, lookup_hash_key="current").lookup_hash(EMAIL) in explicit.lookup_hashes(EMAIL)
    assert VaultCrypto(new_key).lookup_hash(EMAIL) in explicit.lookup_hashes(EMAIL)
    assert len(explicit.lookup_hashes(EMAIL)) == 3


def test_reencrypt_moves_a_value_to_the_first_key():
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = VaultCrypto(f"{new_key},{old_key}").reencrypt(VaultCrypto(old_key).encrypt(EMAIL))
    assert VaultCrypto(new_key).decrypt(token) == EMAIL
    with pytest.raises(DecryptionError):
        VaultCrypto(new_key).reencrypt(VaultCrypto(old_key).encrypt(EMAIL))
