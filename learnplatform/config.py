"""Configuration: embedded defaults overridden by the environment."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _instance_dir() -> Path:
    path = Path(os.environ.get("LEARNPLATFORM_INSTANCE", PROJECT_ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(instance: Path) -> str:
    """Return SECRET_KEY from the environment or a per-install key kept in instance/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'learnplatform.sqlite'}")
    # Heroku-style URLs name the old driver; SQLAlchemy 2 wants psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _engine_options(url: str) -> dict[str, Any]:
    """Connection pool of a server database: under gevent every request or join waiting on the
    database holds a connection, and SQLAlchemy's default pool (5 kept, 10 more opened and closed
    again) made a busy process open a new PostgreSQL connection every few requests. Kept per
    process: DATABASE_POOL_SIZE (15) plus DATABASE_MAX_OVERFLOW (15); two processes stay well
    under PostgreSQL's default of 100 connections."""
    options: dict[str, Any] = {"pool_pre_ping": True}
    if not url.startswith("sqlite"):
        options["pool_size"] = int(os.environ.get("DATABASE_POOL_SIZE", "15"))
        options["max_overflow"] = int(os.environ.get("DATABASE_MAX_OVERFLOW", "15"))
    return options


def _socketio_channel(database_url: str) -> str:
    """The Redis channel of an installation that sets no SOCKETIO_CHANNEL, from its database.

    Two installations sharing one Redis must not see each other's events; processes of one
    installation share the database URL and so derive the same channel.
    """
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:12]
    return f"learnplatform-{digest}"


def load_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the configuration mapping for create_app."""
    instance = _instance_dir()
    env = os.environ.get("LEARNPLATFORM_ENV", "development")
    redis_url = os.environ.get("REDIS_URL") or None
    database_url = _database_url(instance)
    config: dict[str, Any] = {
        "ENV_NAME": env,
        "SECRET_KEY": _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        "REDIS_URL": redis_url,
        # per process: the rate-limit counters' blocking pool and the message queue's cap
        # (learnplatform.redis_pools)
        "REDIS_MAX_CONNECTIONS": int(os.environ.get("REDIS_MAX_CONNECTIONS", "50")),
        "REDIS_POOL_TIMEOUT": float(os.environ.get("REDIS_POOL_TIMEOUT", "10")),
        "REDIS_QUEUE_MAX_CONNECTIONS": int(os.environ.get("REDIS_QUEUE_MAX_CONNECTIONS", "1000")),
        "SOCKETIO_CHANNEL": os.environ.get("SOCKETIO_CHANNEL") or None,
        "CONTENT_ROOT": os.environ.get("CONTENT_ROOT", str(PROJECT_ROOT)),
        "SOCKETIO_ASYNC_MODE": os.environ.get("SOCKETIO_ASYNC_MODE", "threading"),
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": env == "production",
        "BABEL_DEFAULT_LOCALE": "nl",
        # Unicode fonts for the trainer kit PDF (Debian: fonts-dejavu-core)
        "KIT_FONT_DIR": os.environ.get("KIT_FONT_DIR", "/usr/share/fonts/truetype/dejavu"),
        "BABEL_SUPPORTED_LOCALES": ["nl", "en"],
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # only the browser-test server switches this off (many logins from one address)
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") == "1",
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "noreply@learnplatform.local"),
        # development only: without MAIL_SERVER, mail is printed and kept here for /beheer/mail
        "MAIL_OUTBOX_FILE": None if env == "production" else str(instance / "mail-outbox.jsonl"),
        "PASSWORD_RESET_MAX_AGE": 3600,
        "PUBLIC_URL": os.environ.get("PUBLIC_URL") or None,
        # xAPI: optional LRS to forward learning records to; a stable base for activity ids
        "XAPI_LRS_URL": os.environ.get("XAPI_LRS_URL") or None,
        "XAPI_LRS_USERNAME": os.environ.get("XAPI_LRS_USERNAME") or None,
        "XAPI_LRS_PASSWORD": os.environ.get("XAPI_LRS_PASSWORD") or None,
        "XAPI_BASE_URL": os.environ.get("XAPI_BASE_URL") or None,
        "XAPI_PSEUDONYM_KEY": os.environ.get("XAPI_PSEUDONYM_KEY") or None,
        # this process's name behind the load balancer (systemd: the instance, e.g. its port);
        # with Redis, phones go home to it after a restart (learnplatform.live.homecoming)
        "LIVE_PROCESS_NAME": os.environ.get("LIVE_PROCESS_NAME") or None,
        "LIVE_HOMECOMING_SECONDS": float(os.environ.get("LIVE_HOMECOMING_SECONDS", "20")),
        # number of reverse proxies in front of the app whose X-Forwarded-* headers we trust
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
    }
    # Live abuse limits per network address (defaults in learnplatform.live.limits); raise them
    # for venues where many phones share one address, e.g. LIVE_NEW_PARTICIPANTS_PER_ADDRESS=
    # "400 per hour" and LIVE_SOCKETS_PER_ADDRESS=800.
    for key in LIVE_LIMIT_KEYS:
        if value := os.environ.get(key):
            config[key] = value
    if overrides:
        config.update(overrides)
    if not config.get("SOCKETIO_CHANNEL"):
        config["SOCKETIO_CHANNEL"] = _socketio_channel(config["SQLALCHEMY_DATABASE_URI"])
    return config


LIVE_LIMIT_KEYS = ("LIVE_JOIN_MISSES_PER_ADDRESS", "LIVE_NEW_PARTICIPANTS_PER_ADDRESS",
                   "LIVE_SOCKETS_PER_ADDRESS", "LIVE_LIMITS_KEY_PREFIX")
