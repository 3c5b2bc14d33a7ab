"""Wiring of the griffie tools into the app (kept out of the package's __init__)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Register the blueprint, the navigation item, personal data and the account hooks."""
    from learnplatform.auth.models import Role
    from learnplatform.auth.personal_data import register_eraser, register_exporter
    from learnplatform.auth.signals import password_chosen
    from learnplatform.griffie import dashboard, personal_data
    from learnplatform.griffie.cli import reminders
    from learnplatform.griffie.invitations import mark_accepted
    from learnplatform.griffie.views import bp
    from learnplatform.web.templating import add_dashboard_panel, add_nav_item

    app.register_blueprint(bp)
    add_nav_item("griffie.index", _l("Griffie"), Role.GRIFFIER, Role.BEHEERDER)
    register_exporter("griffie", personal_data.griffie_personal_data)
    register_eraser(personal_data.erase_griffie_data)
    password_chosen.connect(mark_accepted, weak=False)
    add_dashboard_panel(dashboard.render_panel)
    app.cli.add_command(reminders)
