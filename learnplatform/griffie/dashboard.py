"""The griffie's panel on the dashboard: what the griffie expects of a member, by when and how to
reach it; the trainer-role notice of a griffier; the requests waiting for a beheerder."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from learnplatform.auth.models import Role, User
from learnplatform.griffie import settings, trainer
from learnplatform.griffie.forms import ActionForm
from learnplatform.web.content import get_content


def render_panel() -> str:
    """HTML for the dashboard, or "" when the griffie has nothing to say to this user."""
    user = current_user._get_current_object() if current_user else None
    if not isinstance(user, User):
        return ""
    expected = settings.member_expectations(user, get_content())
    griffie = settings.settings_of(user.organisation_id) if user.organisation_id else None
    notice = trainer.notice_for(user) if user.has_role(Role.GRIFFIER) else None
    waiting = trainer.pending_count() if user.has_role(Role.BEHEERDER) else 0
    if not expected and notice is None and not waiting:
        return ""
    return render_template("griffie/_dashboard_panel.html", expected=expected, griffie=griffie,
                           notice=notice, waiting=waiting, form=ActionForm())
