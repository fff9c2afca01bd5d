"""Export and erasure of a data subject are complete across archive, vault and Redis, and recorded."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import redis

from bot.archive import subject_requests
from bot.archive.access_log import AccessLog
from bot.archive.store import TranscriptArchive
from bot.archive.subject_requests import Lookup, SubjectRequests, deadline_for
from core.redis_keys import conversation_keys, tracker_prefix
from core.storage.vault import LEAD_PURPOSE
from tests.bot.archive.support import conversation

EMAIL = "oliver.sampleton@example.org"


def seed(writer, vault, settings, conversation_id: str) -> None:
    writer.write(conversation(conversation_id, lead=True))
    vault.record_consent(conversation_id, LEAD_PURPOSE, "I agree to be contacted.", "v1", "en")
    vault.capture(conversation_id, "email", EMAIL)
    vault.capture(conversation_id, "name", "Oliver Sampleton")
    vault.submit(conversation_id, "Harbour Bikes Ltd", "Google Ads", "en")
    client = redis.Redis.from_url(settings.redis_url)
    client.set(tracker_prefix(settings) + conversation_id, json.dumps({"events": [{"event": "user", "text": "[EMAIL]"}]}),
               ex=300)


def test_export_by_email_contains_everything_and_is_recorded(writer, vault, settings_for):
    seed(writer, vault, settings_for, "subj-1")
    requests = SubjectRequests(settings_for, vault)
    data = requests.export(Lookup(email=EMAIL.upper()), "TICKET-1", "alice")
    (exported,) = data["conversations"]
    assert exported["conversation_id"] == "subj-1"
    assert exported["leads"][0]["email"] == EMAIL and exported["leads"][0]["name"] == "Oliver Sampleton"
    assert exported["consents"][0]["consent_text"] == "I agree to be contacted."
    assert exported["transcript"]["lead_created"] and exported["transcript"]["events"]
    assert exported["live_tracker"] == {"events": [{"event": "user", "text": "[EMAIL]"}]}
    (record,) = requests.requests()
    assert (record["kind"], record["lookup"], record["requester_reference"]) == ("export", "email", "TICKET-1")
    assert record["deadline"][:10] == deadline_for(datetime_of(record["received_at"])).date().isoformat()
    assert EMAIL not in json.dumps(record)
    entries, _ = AccessLog(vault.database).entries()
    assert [(entry["actor"], entry["action"], entry["target"]) for entry in entries] == [("alice", "export", "subj-1")]


def datetime_of(value: str):
    from datetime import datetime

    return datetime.fromisoformat(value)


def test_erase_leaves_nothing_in_any_store(writer, vault, settings_for):
    seed(writer, vault, settings_for, "subj-2")
    seed(writer, vault, settings_for, "other")
    requests = SubjectRequests(settings_for, vault)
    result = requests.erase(Lookup(conversation_id="subj-2"), "TICKET-2", "alice")
    assert result["removed"]["archived_conversations"] == 1 and result["removed"]["vault_leads"] == 1
    assert result["removed"]["redis_keys"] == 1
    assert TranscriptArchive(vault.database).transcript("subj-2") is None
    assert vault.export_conversation("subj-2") == {"conversation_id": "subj-2", "leads": [], "consents": []}
    client = redis.Redis.from_url(settings_for.redis_url)
    assert not any(client.exists(key) for key in conversation_keys(settings_for, "subj-2", client))
    assert TranscriptArchive(vault.database).transcript("other") is not None, "only the subject is erased"
    writer.write(conversation("subj-2"))
    assert TranscriptArchive(vault.database).transcript("subj-2") is None, "late events are dropped"
    assert requests.requests()[0]["outcome"].startswith("erased: ")


def test_unknown_email_finds_nothing_and_is_still_recorded(vault, settings_for):
    requests = SubjectRequests(settings_for, vault)
    result = requests.erase(Lookup(email="nobody@example.com"), "TICKET-3", "alice")
    assert result["conversations"] == [] and requests.requests()[0]["outcome"] == "erased: nothing found"


def test_deadline_runs_from_receipt_not_from_completion(writer, vault, settings_for, monkeypatch):
    seed(writer, vault, settings_for, "subj-slow")
    received = datetime(2024, 1, 31, 9, 0, tzinfo=timezone.utc)
    clock = {"now": received}
    monkeypatch.setattr(subject_requests, "utcnow", lambda: clock["now"])
    real_erase = subject_requests.erase_conversation

    def slow_erase(*args, **kwargs):
        clock["now"] = received + timedelta(days=3)  # the erasure took until the 3rd of February
        return real_erase(*args, **kwargs)

    monkeypatch.setattr(subject_requests, "erase_conversation", slow_erase)
    SubjectRequests(settings_for, vault).erase(Lookup(conversation_id="subj-slow"), "TICKET-4", "alice")
    (record,) = SubjectRequests(settings_for, vault).requests()
    assert datetime.fromisoformat(record["received_at"]) == received
    assert datetime.fromisoformat(record["deadline"]) == deadline_for(received) == datetime(2024, 2, 29, 9, 0,
                                                                                             tzinfo=timezone.utc)
    assert datetime.fromisoformat(record["completed_at"]) == received + timedelta(days=3)


def test_a_request_that_fails_stays_recorded_and_open(writer, vault, settings_for, monkeypatch):
    seed(writer, vault, settings_for, "subj-fail")

    def broken(*args, **kwargs):
        raise ConnectionError("redis unavailable")

    monkeypatch.setattr(subject_requests, "erase_conversation", broken)
    requests = SubjectRequests(settings_for, vault)
    with pytest.raises(ConnectionError):
        requests.erase(Lookup(email=EMAIL), "TICKET-5", "alice")
    (record,) = requests.requests()
    assert record["completed_at"] is None and record["outcome"] == "received, not completed"
    assert record["requester_reference"] == "TICKET-5"
    assert record["deadline"] == deadline_for(datetime.fromisoformat(record["received_at"])).isoformat()
