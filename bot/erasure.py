"""Erase one conversation everywhere it can live: Redis, the lead vault and the transcript archive."""
from __future__ import annotations

import logging
from typing import Dict, Optional

from core.settings import Settings, get_settings
from core.services import vault
from core.storage.vault import LeadVault
from bot.archive.store import TranscriptArchive
from core.redis_connection import compact_append_only_file, sync_client
from core.redis_keys import conversation_keys

logger = logging.getLogger(__name__)


def erase_conversation(
    conversation_id: str, settings: Optional[Settings] = None, lead_vault: Optional[LeadVault] = None
) -> Dict[str, int]:
    """Delete everything tied to ``conversation_id``; returns what was removed where.

    The archive keeps a tombstone of the id, so events still on their way are dropped.
    """
    settings = settings or get_settings()
    lead_vault = lead_vault or vault()
    client = sync_client(settings.redis_url)
    removed = {"redis_keys": int(client.delete(*conversation_keys(settings, conversation_id, client)))}
    compact_append_only_file(client)
    removed.update({f"vault_{name}": count for name, count in lead_vault.erase_conversation(conversation_id).items()})
    removed.update(TranscriptArchive(lead_vault.database).erase([conversation_id]))
    logger.info("Erased a conversation: %s", removed)
    return removed
