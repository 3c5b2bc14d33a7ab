"""PostgreSQL migrations and Redis-backed rate limiting (skipped when the service is absent)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import redis
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from learnplatform import create_app
from learnplatform.auth.models import Role
from learnplatform.auth.services import authenticate, create_user
from learnplatform.config import load_config
from learnplatform.extensions import db, limiter
from tests.conftest import services_unavailable

PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_URL = "redis://127.0.0.1:6379/15"

pytestmark = pytest.mark.services


def _pg_admin() -> tuple[psycopg.Connection[Any], str]:
    for user in ("postgres", "root"):
        try:
            conn = psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="test",
                                   autocommit=True, connect_timeout=3)
        except psycopg.OperationalError:
            continue
        return conn, user
    services_unavailable(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}")
    raise AssertionError("unreachable")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a throw-away database, dropped afterwards."""
    conn, user = _pg_admin()
    name = f"lp_test_{secrets.token_hex(4)}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql+psycopg://{user}@{PG_HOST}:{PG_PORT}/{name}"
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_migrations_upgrade_downgrade_upgrade_on_postgresql(
    pg_url: str, app_config: dict[str, Any]
) -> None:
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": pg_url})
    with app.app_context():
        upgrade()
        assert {"user", "organisation", "user_role"} <= set(inspect(db.engine).get_table_names())
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        user = create_user("pg@example.nl", "Pg", "lang-genoeg-wachtwoord", {Role.TRAINER})
        db.session.commit()
        db.session.expire_all()
        found = authenticate("PG@example.nl", "lang-genoeg-wachtwoord")
        assert found is not None
        assert found.id == user.id
        assert found.created_at.tzinfo is not None
        assert found.roles == {Role.TRAINER}
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    """A Redis connection (database 15), or skip."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        client.close()
        services_unavailable("Redis not reachable at 127.0.0.1:6379")
    yield client
    client.close()


def test_limiter_uses_redis_when_redis_url_is_set(
    redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch, app_config: dict[str, Any]
) -> None:
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    config = load_config()
    assert config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    prefix = f"lp-test-{secrets.token_hex(4)}"
    overrides = {k: v for k, v in app_config.items()
                 if k not in {"REDIS_URL", "RATELIMIT_STORAGE_URI"}}
    app = create_app({**config, **overrides, "RATELIMIT_ENABLED": True,
                      "RATELIMIT_KEY_PREFIX": prefix})
    try:
        with app.app_context():
            db.create_all()
            assert "redis" in type(limiter.storage).__name__.lower()
            client = app.test_client()
            data = {"email": "a@example.nl", "password": "geraden-wachtwoord"}
            codes = [client.post("/inloggen", data=data).status_code for _ in range(11)]
            assert codes[-1] == 429
            assert redis_client.keys(f"*{prefix}*")
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    finally:
        for key in redis_client.scan_iter(f"*{prefix}*"):
            redis_client.delete(key)
