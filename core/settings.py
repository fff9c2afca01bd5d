"""The one place Diskret reads its configuration.

Both servers, the console and the CLI call ``get_settings()``; every variable is
documented with its default in ``.env.example``.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Tuple

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from error


def _str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip() or default


def _list(name: str, default: str) -> Tuple[str, ...]:
    return tuple(part.strip() for part in _str(name, default).split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """Typed view of the environment (and an optional ``.env``)."""

    environment: str = "development"
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_key_prefix: str = "diskret"
    session_ttl_seconds: int = 1800
    lock_ttl_seconds: int = 60
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'diskret.sqlite3'}"
    vault_key: str = ""
    lookup_hash_key: str = ""
    lead_retention_days: int = 180
    draft_lead_retention_hours: int = 24
    transcript_retention_days: int = 30
    lead_webhook_url: str = ""
    lead_webhook_secret: str = ""
    privacy_notice_url: str = "http://localhost:8000/datenschutz.html"
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    action_server_url: str = ""
    site_port: int = 8000
    console_port: int = 8001
    console_host: str = "127.0.0.1"
    console_users_file: str = ""
    console_secret_key: str = ""
    console_secure_cookie: str = "auto"
    console_session_minutes: int = 30
    archive_spool_path: str = str(PROJECT_ROOT / "var" / "archive-spool.jsonl")
    rasa_api_token: str = ""
    deploy_token: str = ""
    allowed_origins: Tuple[str, ...] = field(default_factory=lambda: ("http://localhost:8000", "http://127.0.0.1:8000"))
    redactor_model_path: str = str(PROJECT_ROOT / "redaction" / "model")
    redactor_extra_spacy_model: str = ""
    redaction_workers: int = 2
    redaction_budget_ms: int = 2000
    log_level: str = "INFO"
    max_message_chars: int = 2000
    max_messages_per_minute_session: int = 20
    max_messages_per_minute_ip: int = 120
    max_pending_messages_per_session: int = 5
    trusted_proxy_count: int = 0
    metrics_host: str = "127.0.0.1"
    rasa_metrics_port: int = 9105
    action_metrics_port: int = 9106
    console_metrics_port: int = 9107
    purge_metrics_port: int = 9108
    agency_file: str = str(PROJECT_ROOT / "data" / "agency.yml")

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def resolved_action_server_url(self) -> str:
        return self.action_server_url or f"http://127.0.0.1:{self.action_port}/webhook"


def load_settings(env_file: Optional[Path] = None) -> Settings:
    """Read the environment, after loading ``.env`` if present (real env wins)."""
    load_dotenv(env_file or PROJECT_ROOT / ".env", override=False)
    defaults = Settings()
    return Settings(
        environment=_str("DISKRET_ENV", defaults.environment),
        redis_url=_str("REDIS_URL", defaults.redis_url),
        redis_key_prefix=_str("REDIS_KEY_PREFIX", defaults.redis_key_prefix),
        session_ttl_seconds=_int("SESSION_TTL_SECONDS", defaults.session_ttl_seconds),
        lock_ttl_seconds=_int("LOCK_TTL_SECONDS", defaults.lock_ttl_seconds),
        database_url=_str("DATABASE_URL", defaults.database_url),
        vault_key=_str("VAULT_KEY"),
        lookup_hash_key=_str("LOOKUP_HASH_KEY"),
        lead_retention_days=_int("LEAD_RETENTION_DAYS", defaults.lead_retention_days),
        draft_lead_retention_hours=_int("DRAFT_LEAD_RETENTION_HOURS", defaults.draft_lead_retention_hours),
        transcript_retention_days=_int("TRANSCRIPT_RETENTION_DAYS", defaults.transcript_retention_days),
        lead_webhook_url=_str("LEAD_WEBHOOK_URL"),
        lead_webhook_secret=_str("LEAD_WEBHOOK_SECRET"),
        privacy_notice_url=_str("PRIVACY_NOTICE_URL", defaults.privacy_notice_url),
        rasa_host=_str("RASA_HOST", defaults.rasa_host),
        rasa_port=_int("RASA_PORT", defaults.rasa_port),
        action_port=_int("ACTION_PORT", defaults.action_port),
        action_server_url=_str("ACTION_SERVER_URL"),
        site_port=_int("SITE_PORT", defaults.site_port),
        console_port=_int("CONSOLE_PORT", defaults.console_port),
        console_host=_str("CONSOLE_HOST", defaults.console_host),
        console_users_file=_str("CONSOLE_USERS_FILE"),
        console_secret_key=_str("CONSOLE_SECRET_KEY"),
        console_secure_cookie=_str("CONSOLE_SECURE_COOKIE", defaults.console_secure_cookie).lower(),
        console_session_minutes=_int("CONSOLE_SESSION_MINUTES", defaults.console_session_minutes),
        archive_spool_path=_str("ARCHIVE_SPOOL_PATH", defaults.archive_spool_path),
        rasa_api_token=_str("RASA_API_TOKEN"),
        deploy_token=_str("DEPLOY_TOKEN"),
        allowed_origins=_list("ALLOWED_ORIGINS", ",".join(defaults.allowed_origins)),
        redactor_model_path=_str("REDACTOR_MODEL_PATH", defaults.redactor_model_path),
        redactor_extra_spacy_model=_str("REDACTOR_EXTRA_SPACY_MODEL"),
        redaction_workers=_int("REDACTION_WORKERS", defaults.redaction_workers),
        redaction_budget_ms=_int("REDACTION_BUDGET_MS", defaults.redaction_budget_ms),
        log_level=_str("LOG_LEVEL", defaults.log_level).upper(),
        max_message_chars=_int("MAX_MESSAGE_CHARS", defaults.max_message_chars),
        max_messages_per_minute_session=_int("MAX_MESSAGES_PER_MINUTE_SESSION", defaults.max_messages_per_minute_session),
        max_messages_per_minute_ip=_int("MAX_MESSAGES_PER_MINUTE_IP", defaults.max_messages_per_minute_ip),
        max_pending_messages_per_session=_int(
            "MAX_PENDING_MESSAGES_PER_SESSION", defaults.max_pending_messages_per_session
        ),
        trusted_proxy_count=_int("TRUSTED_PROXY_COUNT", defaults.trusted_proxy_count),
        metrics_host=_str("METRICS_HOST", defaults.metrics_host),
        rasa_metrics_port=_int("RASA_METRICS_PORT", defaults.rasa_metrics_port),
        action_metrics_port=_int("ACTION_METRICS_PORT", defaults.action_metrics_port),
        console_metrics_port=_int("CONSOLE_METRICS_PORT", defaults.console_metrics_port),
        purge_metrics_port=_int("PURGE_METRICS_PORT", defaults.purge_metrics_port),
        agency_file=_str("AGENCY_FILE", defaults.agency_file),
    )


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
