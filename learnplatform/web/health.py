"""Readiness of the services a process depends on: the database and, when configured, Redis."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy import text

from learnplatform.extensions import db

REDIS_TIMEOUT_SECONDS = 2.0


def _redis_client(app: Flask) -> Any:
    """One Redis client per app (its own small pool, short timeouts), made on first use."""
    client = app.extensions.get("learnplatform.health_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(
            app.config["REDIS_URL"], socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
        app.extensions["learnplatform.health_redis"] = client
    return client


def check_services() -> dict[str, str]:
    """`{"database": "ok" | "unavailable", "redis": ...}`; Redis only when REDIS_URL is set."""
    results: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        results["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"; logged, not raised
        db.session.rollback()
        current_app.logger.warning("health check: database unavailable", exc_info=True)
        results["database"] = "unavailable"
    if current_app.config.get("REDIS_URL"):
        try:
            _redis_client(current_app._get_current_object()).ping()  # type: ignore[attr-defined]
            results["redis"] = "ok"
        except Exception:  # noqa: BLE001 - as above
            current_app.logger.warning("health check: redis unavailable", exc_info=True)
            results["redis"] = "unavailable"
    return results
