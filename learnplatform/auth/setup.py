"""Wire accounts into an app: login, the account and login pages, role labels in templates."""

from __future__ import annotations

from typing import Any

from flask import Flask

from learnplatform.auth.labels import kind_label, role_label
from learnplatform.auth.login import init_login
from learnplatform.auth.models import Role


def init_app(app: Flask) -> None:
    """Register login, the auth and account blueprints and the role/kind template helpers."""
    from learnplatform.auth.account_views import bp as account_bp
    from learnplatform.auth.views import bp as auth_bp

    init_login(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"Role": Role, "role_label": role_label, "kind_label": kind_label}
