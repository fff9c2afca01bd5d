"""Everything the console's views share, built once per app and kept in ``app.extensions``."""
from __future__ import annotations

from dataclasses import dataclass

from core.redis_connection import sync_client
from core.settings import Settings
from core.storage.vault import LeadVault
from bot.archive.access_log import AccessLog
from bot.archive.audit import ResidualAudit
from bot.archive.store import TranscriptArchive
from bot.archive.subject_requests import SubjectRequests
from bot.console.ratelimit import SignInLimiter
from bot.console.security import secret_key
from bot.console.sessions import SessionStore
from bot.console.users import UserStore


@dataclass
class ConsoleContext:
    settings: Settings
    vault: LeadVault
    archive: TranscriptArchive
    audit: ResidualAudit
    access_log: AccessLog
    requests: SubjectRequests
    users: UserStore
    sessions: SessionStore
    limiter: SignInLimiter

    @classmethod
    def build(cls, settings: Settings, vault: LeadVault, audit: "ResidualAudit | None" = None) -> "ConsoleContext":
        database = vault.database
        return cls(settings, vault, TranscriptArchive(database), audit or ResidualAudit(database),
                   AccessLog(database), SubjectRequests(settings, vault), UserStore(settings.console_users_file),
                   SessionStore(sync_client(settings.redis_url), settings, secret_key(settings)), SignInLimiter())
