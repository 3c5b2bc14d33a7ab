"""Run a test module on both databases: the embedded SQLite and a throw-away PostgreSQL database
on 127.0.0.1:5432 (created per test, dropped after; services_unavailable when it is missing).

Use in a test module:

    from tests.databases import DATABASES, database_config

    @pytest.fixture(params=DATABASES)
    def app_config(app_config, request):
        yield from database_config(app_config, request.param)
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.conftest import services_unavailable

PG_HOST, PG_PORT = "127.0.0.1", 5432
DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.services)]


def _admin() -> tuple[psycopg.Connection[Any], str]:
    for user in ("postgres", "root"):
        try:
            return psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="postgres",
                                   autocommit=True, connect_timeout=3), user
        except psycopg.OperationalError:
            continue
    services_unavailable(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}")
    raise AssertionError("unreachable")


def database_config(config: dict[str, Any], kind: str) -> Iterator[dict[str, Any]]:
    """`config` as is for SQLite, or pointed at a fresh PostgreSQL database (dropped after)."""
    if kind == "sqlite":
        yield config
        return
    admin, user = _admin()
    name = f"lp_trust_{secrets.token_hex(6)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield {**config,
                   "SQLALCHEMY_DATABASE_URI":
                       f"postgresql+psycopg://{user}@{PG_HOST}:{PG_PORT}/{name}"}
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
