"""The migrations build exactly the schema the models describe (SQLite, the embedded default)."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from learnplatform import create_app
from learnplatform.extensions import db


def test_upgraded_database_matches_the_models(app_config: dict[str, Any]) -> None:
    app = create_app(app_config)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"render_as_batch": True})
            differences = compare_metadata(context, db.metadata)
    assert differences == []
