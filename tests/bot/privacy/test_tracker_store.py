"""The Redis tracker and lock stores against the real Redis: redacted events, every key expiring."""
from __future__ import annotations

import asyncio
import json
import time
import uuid

import pytest
from rasa.core.lock import TicketLock
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from core.settings import Settings
from bot.lock_store import ExpiringRedisLockStore
from bot.privacy.tracker_store import RedactingRedisTrackerStore

REDIS_URL = "redis://127.0.0.1:6379/7"
DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  lead_email:\n    type: text\n    mappings: []\n")


class CollectingBroker:
    def __init__(self) -> None:
        self.published = []

    def publish(self, event) -> None:
        self.published.append(event)


@pytest.fixture
def settings():
    prefix = f"t{uuid.uuid4().hex[:10]}"
    yield Settings(redis_url=REDIS_URL, redis_key_prefix=prefix, session_ttl_seconds=2, lock_ttl_seconds=3)
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def leaky_tracker(sender_id: str) -> DialogueStateTracker:
    """Events that slipped past the channel: raw text in a message, a slot and a bot echo."""
    tracker = DialogueStateTracker(sender_id, DOMAIN.slots)
    tracker.update(UserUttered("meine Mail ist frieda.test@example.org", {"name": "inform", "confidence": 0.9}))
    tracker.update(SlotSet("lead_email", "frieda.test@example.org"))
    tracker.update(BotUttered("Danke, frieda.test@example.org!"))
    return tracker


def test_events_are_redacted_before_redis_and_the_broker(settings):
    broker = CollectingBroker()
    store = RedactingRedisTrackerStore(DOMAIN, event_broker=broker, settings=settings)
    asyncio.run(store.save(leaky_tracker("conv-a")))
    raw = store.red.get(f"{settings.redis_key_prefix}:tracker:conv-a")
    assert "frieda.test@example.org" not in raw
    assert raw.count("[EMAIL]") >= 3
    assert broker.published and "frieda.test@example.org" not in json.dumps(broker.published)
    restored = asyncio.run(store.retrieve("conv-a"))
    assert restored.get_slot("lead_email") == "[EMAIL]"


def test_conversation_is_gone_after_its_ttl(settings):
    store = RedactingRedisTrackerStore(DOMAIN, settings=settings)
    asyncio.run(store.save(leaky_tracker("conv-b")))
    key = f"{settings.redis_key_prefix}:tracker:conv-b"
    assert 0 < store.red.ttl(key) <= 2
    time.sleep(2.5)
    assert not store.red.exists(key)
    assert asyncio.run(store.retrieve("conv-b")) is None


def test_ttl_slides_with_activity(settings):
    store = RedactingRedisTrackerStore(DOMAIN, settings=settings)
    tracker = leaky_tracker("conv-c")
    asyncio.run(store.save(tracker))
    time.sleep(1.5)
    tracker.update(UserUttered("noch was", {"name": "inform", "confidence": 0.9}))
    asyncio.run(store.save(tracker))
    assert store.red.ttl(f"{settings.redis_key_prefix}:tracker:conv-c") == 2


def test_lock_keys_expire(settings):
    store = ExpiringRedisLockStore(settings=settings)
    store.save_lock(TicketLock("conv-d"))
    key = f"{settings.redis_key_prefix}:lock:conv-d"
    assert 0 < store.red.ttl(key) <= 3


def test_a_waiting_message_gets_the_lock_soon_after_it_is_released(settings):
    """Rasa polls a busy lock once a second; ours polls every 50 ms."""
    store = ExpiringRedisLockStore(settings=settings)

    async def scenario():
        released_at = {}

        async def first():
            async with store.lock("conv-e"):
                await asyncio.sleep(0.3)
                released_at["t"] = time.monotonic()

        async def second():
            await asyncio.sleep(0.05)
            async with store.lock("conv-e") as lock:
                return time.monotonic() - released_at["t"], lock

        _, (waited, lock) = await asyncio.gather(first(), second())
        return waited, lock

    waited, _ = asyncio.run(scenario())
    assert waited < 0.5


def test_each_save_publishes_only_the_new_events_and_replays_nothing(settings, monkeypatch):
    broker = CollectingBroker()
    store = RedactingRedisTrackerStore(DOMAIN, event_broker=broker, settings=settings)
    tracker = leaky_tracker("conv-grow")
    asyncio.run(store.save(tracker))
    first = len(broker.published)
    monkeypatch.setattr(store, "deserialise_tracker", lambda *args: pytest.fail("the stored tracker was rebuilt"))
    tracker.update(UserUttered("noch eine Frage", {"name": "ask_pricing", "confidence": 0.9}))
    tracker.update(BotUttered("Gerne!"))
    asyncio.run(store.save(tracker))
    assert first == 3 and [event["event"] for event in broker.published[first:]] == ["user", "bot"]
    assert all(event["sender_id"] == "conv-grow" for event in broker.published)
    stored = json.loads(store.red.get(f"{settings.redis_key_prefix}:tracker:conv-grow"))
    assert stored["name"] == "conv-grow" and len(stored["events"]) == 5
    assert 0 < store.red.ttl(f"{settings.redis_key_prefix}:tracker:conv-grow") <= settings.session_ttl_seconds


def test_events_of_an_earlier_session_that_the_tracker_lacks_are_kept(settings):
    """Rasa hands the last session only to the policies; saving must not drop the sessions before it."""
    broker = CollectingBroker()
    store = RedactingRedisTrackerStore(DOMAIN, event_broker=broker, settings=settings)
    asyncio.run(store.save(leaky_tracker("conv-sessions")))
    later = DialogueStateTracker("conv-sessions", DOMAIN.slots)
    later.update(UserUttered("hallo wieder", {"name": "greet", "confidence": 0.9}))
    asyncio.run(store.save(later))
    stored = json.loads(store.red.get(f"{settings.redis_key_prefix}:tracker:conv-sessions"))
    assert [event["event"] for event in stored["events"]] == ["user", "slot", "bot", "user"]
    assert "frieda.test@example.org" not in json.dumps(stored)


def test_a_tracker_of_the_last_session_only_continues_the_stored_conversation(settings, monkeypatch):
    """Rasa loads a conversation from its ``action_session_start`` on; what came before stays stored."""
    broker = CollectingBroker()
    store = RedactingRedisTrackerStore(DOMAIN, event_broker=broker, settings=settings)
    before = SlotSet("session_started_metadata", {"language": "de"})
    start = ActionExecuted("action_session_start")
    first = DialogueStateTracker.from_events("conv-last", [before, start], DOMAIN.slots)
    asyncio.run(store.save(first))
    monkeypatch.setattr(store, "deserialise_tracker", lambda *args: pytest.fail("the stored tracker was rebuilt"))
    last_session = DialogueStateTracker.from_events(
        "conv-last", [start, UserUttered("hallo", {"name": "greet", "confidence": 0.9})], DOMAIN.slots)
    asyncio.run(store.save(last_session))
    stored = json.loads(store.red.get(f"{settings.redis_key_prefix}:tracker:conv-last"))
    assert [event["event"] for event in stored["events"]] == ["slot", "action", "user"]
    assert [event["event"] for event in broker.published] == ["slot", "action", "user"]
