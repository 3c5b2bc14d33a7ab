"""Griffie tools: members' completion, invitations, organisation settings, trainer requests and
reminders. Completion only: never answers, reflections, self-scan results or votes."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Register the blueprint and the navigation item."""
    from learnplatform.auth.models import Role
    from learnplatform.griffie.views import bp
    from learnplatform.web.templating import add_nav_item

    app.register_blueprint(bp)
    add_nav_item("griffie.index", _l("Griffie"), Role.GRIFFIER, Role.BEHEERDER)
