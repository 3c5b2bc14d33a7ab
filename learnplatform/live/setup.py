"""Wire live sessions into an app: blueprints, the `/live` namespace and the navigation item."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Register the live and join blueprints, the `/live` namespace and the navigation item."""
    from learnplatform.auth.models import Role
    from learnplatform.extensions import socketio
    from learnplatform.live.namespace import LiveNamespace
    from learnplatform.live.views import bp, join_bp
    from learnplatform.web.navigation import add_nav_item

    app.register_blueprint(bp)
    app.register_blueprint(join_bp)
    socketio.on_namespace(LiveNamespace())
    add_nav_item("live.sessions", _l("Dilemmasessies"), Role.TRAINER, Role.GRIFFIER)
