"""Wire live sessions into an app: blueprints, the `/live` namespace and the navigation item."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from learnplatform.auth.signals import access_changed

NAMESPACE_KEY = "learnplatform.live.namespace"


def _drop_sockets(_sender: Any, user_id: int, **_extra: Any) -> None:
    """A user lost (or may have lost) rights: close their presenter and control sockets."""
    namespace = current_app.extensions.get(NAMESPACE_KEY)
    if namespace is not None:
        namespace.drop_user(user_id)


def init_app(app: Flask) -> None:
    """Register the live and join blueprints, the `/live` namespace, the navigation item and
    what live sessions keep about a trainer (export and the deletion rule)."""
    from learnplatform.auth.models import Role
    from learnplatform.auth.personal_data import register_eraser, register_exporter
    from learnplatform.extensions import socketio
    from learnplatform.live import homecoming
    from learnplatform.live.namespace import LiveNamespace
    from learnplatform.live.personal_data import live_personal_data, release_live_data
    from learnplatform.live.views import bp, join_bp
    from learnplatform.web.navigation import add_nav_item

    app.register_blueprint(bp)
    app.register_blueprint(join_bp)
    namespace = LiveNamespace()
    socketio.on_namespace(namespace)
    app.extensions[NAMESPACE_KEY] = namespace
    homecoming.start(app, namespace.connections)
    access_changed.connect(_drop_sockets, weak=False)
    add_nav_item("live.sessions", _l("Dilemmasessies"), Role.TRAINER, Role.GRIFFIER)
    register_exporter("live", live_personal_data)
    register_eraser(release_live_data)
