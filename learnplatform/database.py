"""Database engine set-up shared by every feature: SQLite connection pragmas.

On SQLite, foreign keys are enforced only when each connection asks for it; without
`PRAGMA foreign_keys=ON` the schema's `ON DELETE CASCADE` / `SET NULL` rules never run (a deleted
trainer's sessions would keep pointing at a user id that a new account could receive). WAL and
`synchronous=NORMAL` make a vote commit quickly.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def tune_sqlite(engine: Engine) -> None:
    """Foreign keys, WAL and synchronous=NORMAL on every new SQLite connection of `engine`."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _sqlite_pragmas):
        event.listen(engine, "connect", _sqlite_pragmas)
