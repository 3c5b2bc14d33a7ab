"""Live dilemma sessions: pure engine, persistence, Socket.IO namespace, views and reports."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import event


def init_app(app: Flask) -> None:
    """Register the blueprint, the `/live` namespace, the navigation item and SQLite tuning."""
    from learnplatform.auth.models import Role
    from learnplatform.extensions import db, socketio
    from learnplatform.live.namespace import LiveNamespace
    from learnplatform.live.views import bp
    from learnplatform.web.templating import add_nav_item

    app.register_blueprint(bp)
    socketio.on_namespace(LiveNamespace())
    add_nav_item("live.sessions", _l("Dilemmasessies"), Role.TRAINER, Role.GRIFFIER)
    with app.app_context():
        tune_sqlite(db.engine)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def tune_sqlite(engine: Any) -> None:
    """WAL and synchronous=NORMAL on every SQLite connection, so a vote commits quickly."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _sqlite_pragmas):
        event.listen(engine, "connect", _sqlite_pragmas)
