"""Rasa's Redis tracker store, made to forget: redacted events only, and every key expires.

Configured in ``endpoints.yml`` as ``type: bot.privacy.tracker_store.RedactingRedisTrackerStore``.
The TTL slides: each save of a conversation resets it to ``SESSION_TTL_SECONDS``.

Saving compares serialised events: when the tracker being saved continues the stored
conversation (Rasa loads only its last session), the new events are simply the rest. Rasa's own
save reads and rebuilds the stored tracker twice and replays it once more to compare, all on
the event loop; that path is kept for the case the comparison fails.
"""
from __future__ import annotations

import json
import logging
from typing import Any, List, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.event_redaction import redact_events, redact_mapping
from core.redis_connection import sync_client
from core.redis_keys import tracker_prefix
from core.settings import Settings, get_settings

logger = logging.getLogger(__name__)


class RedactingRedisTrackerStore(RedisTrackerStore):
    """Stores conversations in Redis with a sliding TTL, redacting every event it writes."""

    def __init__(
        self,
        domain: Domain,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        settings: Optional[Settings] = None,
        **kwargs: Any,
    ) -> None:
        self.settings = settings or get_settings()
        super().__init__(domain=domain, event_broker=event_broker, record_exp=self.settings.session_ttl_seconds)
        self.red = sync_client(self.settings.redis_url, decode_responses=True)
        self.key_prefix = tracker_prefix(self.settings)

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        key = self.key_prefix + tracker.sender_id
        events = redact_events([event.as_dict() for event in tracker.events])
        encoded = [json.dumps(event) for event in events]
        stored = self.red.get(key)
        known = [json.dumps(event) for event in json.loads(stored)["events"]] if stored is not None else []
        earlier = _events_before(known, encoded)
        if earlier is None:  # the stored conversation and this tracker disagree: Rasa's merge decides
            await super().save(tracker, timeout)
            return
        if self.event_broker is not None:
            for event in events[len(known) - earlier:]:
                self.event_broker.publish({"sender_id": tracker.sender_id, **event})
        dialogue = '{"events": [' + ", ".join(known[:earlier] + encoded) + '], "name": ' + json.dumps(tracker.sender_id) + "}"
        self.red.set(key, dialogue, ex=timeout or self.record_exp)

    def serialise_tracker(self, tracker: DialogueStateTracker) -> Text:  # type: ignore[override]
        dialogue = tracker.as_dialogue().as_dict()
        dialogue["events"] = redact_events(dialogue["events"])
        return json.dumps(dialogue)

    async def _stream_new_events(self, event_broker: EventBroker, new_events: List[Event], sender_id: Text) -> None:
        for event in new_events:
            event_broker.publish(redact_mapping({"sender_id": sender_id, **event.as_dict()}))


def _events_before(known: List[str], encoded: List[str]) -> Optional[int]:
    """How many stored events precede this tracker's first one, if the rest of the store is where this
    tracker starts (Rasa hands the policies the last session only, without what came before
    its ``action_session_start``); None if the two disagree."""
    if not known:
        return 0
    if not encoded:
        return None
    try:
        earlier = len(known) - 1 - known[::-1].index(encoded[0])
    except ValueError:
        return None
    return earlier if known[earlier:] == encoded[:len(known) - earlier] else None
