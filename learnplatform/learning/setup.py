"""Wire self-paced learning into an app: blueprint, navigation, the learner's personal data."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import user_logged_in


def init_app(app: Flask) -> None:
    """Register the blueprint, the navigation and the learner's personal data."""
    from learnplatform.auth.personal_data import register_eraser, register_exporter
    from learnplatform.learning.services import erase_learning_data, learning_personal_data
    from learnplatform.learning.views import bp
    from learnplatform.web.navigation import add_nav_item

    app.register_blueprint(bp)
    add_nav_item("learning.dashboard", _l("Mijn leeromgeving"))
    add_nav_item("learning.catalogue", _l("Modules"))
    register_exporter("learning", learning_personal_data)
    register_eraser(erase_learning_data)
    user_logged_in.connect(_certify_on_login, app)


def _certify_on_login(_app: Flask, user: Any, **_extra: Any) -> None:
    """Certify tracks that became complete without a certificate (a track added to the content
    after its modules were done) when the learner logs in; the login view commits. Done here, not
    on the dashboard, because a GET never writes."""
    from learnplatform.learning.services import issue_missing_track_certificates
    from learnplatform.web.content import get_content

    issue_missing_track_certificates(user, get_content())
