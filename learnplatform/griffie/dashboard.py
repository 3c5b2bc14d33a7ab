"""The griffie's panel on a member's dashboard: what the griffie expects, by when, how to reach it,
and notices about trainer-role requests."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from learnplatform.auth.models import User
from learnplatform.griffie import settings
from learnplatform.web.content import get_content


def render_panel() -> str:
    """HTML for the dashboard, or "" when the griffie has nothing to say to this user."""
    user = current_user._get_current_object() if current_user else None
    if not isinstance(user, User) or user.organisation_id is None:
        return ""
    expected = settings.member_expectations(user, get_content())
    griffie = settings.settings_of(user.organisation_id)
    if not expected:
        return ""
    return render_template("griffie/_dashboard_panel.html", expected=expected, griffie=griffie)
