"""The rights request marker: expiring, holding keyed hashes at most, unreadable values ignored."""
from __future__ import annotations

import fakeredis
import pytest

from core.redis_keys import conversation_keys
from core.rights_request import (
    await_rights_email, clear_rights_request, decode_rights_request, encode_rights_request, pending_lookup,
    rights_request_key,
)
from core.settings import Settings

SETTINGS = Settings(rights_request_ttl_seconds=120)


def test_awaiting_an_address_expires_and_has_no_lookup_yet():
    client = fakeredis.FakeRedis()
    await_rights_email(client, SETTINGS, "conv1")
    assert 0 < client.ttl(rights_request_key(SETTINGS, "conv1")) <= 120
    assert pending_lookup(client, SETTINGS, "conv1") is None
    assert decode_rights_request(client.get(rights_request_key(SETTINGS, "conv1"))) == {"lookup": None}


def test_the_lookup_given_is_read_back_and_cleared():
    client = fakeredis.FakeRedis()
    client.set(rights_request_key(SETTINGS, "conv1"), encode_rights_request(["ab12", "cd34"]), ex=120)
    assert pending_lookup(client, SETTINGS, "conv1") == ["ab12", "cd34"]
    clear_rights_request(client, SETTINGS, "conv1")
    assert pending_lookup(client, SETTINGS, "conv1") is None


@pytest.mark.parametrize("raw", [None, b"", b"not json", b"[]", b'{"consent": true}', b'{"lookup": "ab12"}',
                                 b'{"lookup": [1, 2]}'])
def test_unreadable_values_are_no_request(raw):
    assert decode_rights_request(raw) is None


def test_erasing_a_conversation_reaches_its_rights_request():
    client = fakeredis.FakeRedis()
    assert rights_request_key(SETTINGS, "conv1") in conversation_keys(SETTINGS, "conv1", client)
