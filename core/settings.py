"""The one place Diskret reads its configuration.

Both servers, the console and the CLI call ``get_settings()``; every variable is
documented with its default in ``.env.example``.
"""
from __future__ import annotations

import functools
import ipaddress
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple
from urllib.parse import urlsplit

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent

logger = logging.getLogger(__name__)


class ConfigurationError(RuntimeError):
    """Settings Diskret must not run with; the message names the variables, never their values."""


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
    rights_request_ttl_seconds: int = 600
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'diskret.sqlite3'}"
    vault_key: str = ""
    lookup_hash_key: str = ""
    lead_retention_days: int = 180
    draft_lead_retention_hours: int = 24
    transcript_retention_days: int = 30
    access_log_retention_days: int = 365
    lead_webhook_url: str = ""
    lead_webhook_secret: str = ""
    privacy_notice_url: str = "http://localhost:8000/datenschutz.html"
    privacy_notice_url_en: str = "http://localhost:8000/privacy.html"
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    action_server_url: str = ""
    action_server_token: str = ""
    site_port: int = 8000
    console_port: int = 8001
    console_host: str = "127.0.0.1"
    console_users_file: str = ""
    console_secret_key: str = ""
    console_secure_cookie: str = "auto"
    console_session_minutes: int = 30
    archive_spool_path: str = str(PROJECT_ROOT / "var" / "archive-spool.jsonl")
    archive_broker_url: str = ""
    archive_queue: str = "diskret.archive"
    rasa_api_token: str = ""
    deploy_token: str = ""
    session_key: str = ""
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

    def problems(self) -> List[str]:
        """Every reason these settings are unsafe to run with; empty when there is none.

        Outside development the keys must be given: development would otherwise generate
        them into ``var/``, where a second server or a rebuilt machine cannot find them.
        """
        found = []
        if not self.is_development:
            required = (
                ("VAULT_KEY", self.vault_key),
                ("LOOKUP_HASH_KEY", self.lookup_hash_key),
                ("CONSOLE_SECRET_KEY", self.console_secret_key),
            )
            found += [f"{name} is not set" for name, value in required if not value]
        if self.lead_webhook_url:
            url_problem = webhook_url_problem(self.lead_webhook_url, self.is_development)
            if url_problem:
                found.append(url_problem)
            if not self.lead_webhook_secret:
                found.append("LEAD_WEBHOOK_URL is set but LEAD_WEBHOOK_SECRET is empty")
        return found


def webhook_url_problem(url: str, development: bool) -> Optional[str]:
    """Why the CRM webhook may not use ``url``, or None: leads leave only over TLS.

    Plain http is allowed only in development and only to this machine (tests, a local CRM
    stand-in). The message never repeats the URL, which may carry credentials.
    """
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and development and _is_loopback(parts.hostname):
        return None
    allowed = "an https:// URL (or http:// to 127.0.0.1/localhost in development)" if development else "an https:// URL"
    return f"LEAD_WEBHOOK_URL must be {allowed}"


def _is_loopback(host: Optional[str]) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def check_production(settings: Optional[Settings] = None) -> None:
    """Refuse to start with unsafe settings: call first in every server's and command's start.

    Raises ``ConfigurationError`` listing every problem at once (outside development: missing
    ``VAULT_KEY``, ``LOOKUP_HASH_KEY``, ``CONSOLE_SECRET_KEY``; always: an unusable
    ``LEAD_WEBHOOK_URL``). In development it warns instead, so a production machine that
    forgot ``DISKRET_ENV=production`` says so in its log.
    """
    cfg = settings or get_settings()
    problems = cfg.problems()
    if problems:
        raise ConfigurationError(
            f"Diskret refuses to start (DISKRET_ENV={cfg.environment!r}): " + "; ".join(problems)
        )
    if cfg.is_development:
        logger.warning(
            "DISKRET_ENV=development: missing keys are generated into var/ on this machine; "
            "production must set DISKRET_ENV=production with VAULT_KEY, LOOKUP_HASH_KEY and CONSOLE_SECRET_KEY"
        )


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
        rights_request_ttl_seconds=_int("RIGHTS_REQUEST_TTL_SECONDS", defaults.rights_request_ttl_seconds),
        database_url=_str("DATABASE_URL", defaults.database_url),
        vault_key=_str("VAULT_KEY"),
        lookup_hash_key=_str("LOOKUP_HASH_KEY"),
        lead_retention_days=_int("LEAD_RETENTION_DAYS", defaults.lead_retention_days),
        draft_lead_retention_hours=_int("DRAFT_LEAD_RETENTION_HOURS", defaults.draft_lead_retention_hours),
        transcript_retention_days=_int("TRANSCRIPT_RETENTION_DAYS", defaults.transcript_retention_days),
        access_log_retention_days=_int("ACCESS_LOG_RETENTION_DAYS", defaults.access_log_retention_days),
        lead_webhook_url=_str("LEAD_WEBHOOK_URL"),
        lead_webhook_secret=_str("LEAD_WEBHOOK_SECRET"),
        privacy_notice_url=_str("PRIVACY_NOTICE_URL", defaults.privacy_notice_url),
        privacy_notice_url_en=_str("PRIVACY_NOTICE_URL_EN", defaults.privacy_notice_url_en),
        rasa_host=_str("RASA_HOST", defaults.rasa_host),
        rasa_port=_int("RASA_PORT", defaults.rasa_port),
        action_host=_str("ACTION_HOST", defaults.action_host),
        action_port=_int("ACTION_PORT", defaults.action_port),
        action_server_url=_str("ACTION_SERVER_URL"),
        action_server_token=_str("ACTION_SERVER_TOKEN"),
        site_port=_int("SITE_PORT", defaults.site_port),
        console_port=_int("CONSOLE_PORT", defaults.console_port),
        console_host=_str("CONSOLE_HOST", defaults.console_host),
        console_users_file=_str("CONSOLE_USERS_FILE"),
        console_secret_key=_str("CONSOLE_SECRET_KEY"),
        console_secure_cookie=_str("CONSOLE_SECURE_COOKIE", defaults.console_secure_cookie).lower(),
        console_session_minutes=_int("CONSOLE_SESSION_MINUTES", defaults.console_session_minutes),
        archive_spool_path=_str("ARCHIVE_SPOOL_PATH", defaults.archive_spool_path),
        archive_broker_url=_str("ARCHIVE_BROKER_URL"),
        archive_queue=_str("ARCHIVE_QUEUE", defaults.archive_queue),
        rasa_api_token=_str("RASA_API_TOKEN"),
        deploy_token=_str("DEPLOY_TOKEN"),
        session_key=_str("SESSION_KEY"),
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
