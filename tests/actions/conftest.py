"""Action unit tests, as the RasaHQ demo bots write them: rasa-sdk trackers and a CollectingDispatcher.

The vault is a real one on a throw-away SQLite file; Redis is fakeredis.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import fakeredis
import pytest
import yaml
from cryptography.fernet import Fernet
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from core.settings import PROJECT_ROOT
from core.storage.crypto import VaultCrypto
from core.storage.database import Database
from core.storage.vault import LeadVault

ACTION_MODULES = ("actions.consultation", "actions.rights", "actions.rights_by_email")


@pytest.fixture
def lead_vault(tmp_path) -> LeadVault:
    return LeadVault(Database(f"sqlite:///{tmp_path / 'vault.sqlite3'}"), VaultCrypto(Fernet.generate_key().decode()))


@pytest.fixture
def fake_redis():
    return fakeredis.FakeRedis()


@pytest.fixture(autouse=True)
def wired(monkeypatch, lead_vault, fake_redis):
    """Point the actions at the test vault and the fake Redis."""
    for module in ACTION_MODULES:
        monkeypatch.setattr(f"{module}.vault", lambda: lead_vault)
        monkeypatch.setattr(f"{module}.redis_client", lambda: fake_redis)


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    responses: Dict[str, Any] = {}
    for path in sorted((PROJECT_ROOT / "domain" / "responses").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8"))["responses"])
    core = yaml.safe_load((PROJECT_ROOT / "domain" / "core.yml").read_text(encoding="utf-8"))
    return {**core, "responses": responses}


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    intent: str = "inform",
    text: str = "",
    events: Optional[List[Dict[str, Any]]] = None,
    sender_id: str = "conv-test-1",
    active_loop: Optional[str] = None,
    metadata: Optional[Dict[str, Any]] = None,
) -> Tracker:
    return Tracker(
        sender_id,
        {"language": "de", **(slots or {})},
        {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text, "metadata": metadata or {}},
        events or [],
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )
