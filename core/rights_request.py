"""The short-lived Redis marker of a rights request from a later chat, found by e-mail.

A visitor whose current chat holds no lead may withdraw consent or erase a request made in
an earlier chat by giving the e-mail address used there. The action server sets the marker
("awaiting the address"); the input channel takes the address from the raw message and
stores only its keyed hashes here (``LeadVault.email_lookup``), never the address; the
action server acts on them once the visitor confirms, then deletes the marker. It expires
after ``RIGHTS_REQUEST_TTL_SECONDS`` in any case.
"""
from __future__ import annotations

import json
from typing import List, Optional

from core.redis_connection import stored_object
from core.settings import Settings


def rights_request_key(settings: Settings, conversation_id: str) -> str:
    return f"{settings.redis_key_prefix}:rights:{conversation_id}"


def decode_rights_request(raw: Optional[bytes]) -> Optional[dict]:
    """The stored request (``{"lookup": None}`` while awaiting the address), or None."""
    state = stored_object(raw)
    if state is None or "lookup" not in state:
        return None
    lookup = state["lookup"]
    if lookup is not None and not (isinstance(lookup, list) and all(isinstance(item, str) for item in lookup)):
        return None
    return state


def encode_rights_request(lookup: Optional[List[str]]) -> str:
    return json.dumps({"lookup": lookup})


def await_rights_email(client, settings: Settings, conversation_id: str) -> None:
    """Tell the input channel that this conversation's next address is for a rights request."""
    client.set(rights_request_key(settings, conversation_id), encode_rights_request(None),
               ex=settings.rights_request_ttl_seconds)


def pending_lookup(client, settings: Settings, conversation_id: str) -> Optional[List[str]]:
    """The keyed hashes of the address the visitor gave, or None (none given, or expired)."""
    state = decode_rights_request(client.get(rights_request_key(settings, conversation_id)))
    return state["lookup"] if state and state["lookup"] else None


def clear_rights_request(client, settings: Settings, conversation_id: str) -> None:
    client.delete(rights_request_key(settings, conversation_id))
