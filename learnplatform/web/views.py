"""Public pages: start page, language switch, privacy and accessibility statements.

The start page shows the join form; the join page it posts to lives with live sessions
(`learnplatform.live.views.join`), so this foundation package imports no feature.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from learnplatform.extensions import db
from learnplatform.web.forms import JoinForm, LanguageForm
from learnplatform.web.health import check_services
from learnplatform.web.redirects import safe_next

bp = Blueprint("web", __name__)


@bp.route("/")
def home() -> ResponseReturnValue:
    """Start page: explanation for visitors, overview for logged-in users."""
    return render_template("web/home.html", join_form=JoinForm())


@bp.route("/taal", methods=["POST"])
def set_language() -> ResponseReturnValue:
    """Switch the interface language; remembered on the account when logged in."""
    form = LanguageForm()
    if form.validate_on_submit():
        locale = form.locale.data
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale
            db.session.commit()
    else:
        flash(_("Deze taal wordt niet ondersteund."), "error")
    return redirect(safe_next(form.next.data))


@bp.route("/privacy")
def privacy() -> ResponseReturnValue:
    """Privacy statement."""
    return render_template("web/privacy.html")


@bp.route("/toegankelijkheid")
def accessibility() -> ResponseReturnValue:
    """Accessibility statement (toegankelijkheidsverklaring)."""
    return render_template("web/accessibility.html")


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    """Readiness probe: 200 when the database (and Redis, when configured) answer, else 503."""
    checks = check_services()
    healthy = all(value == "ok" for value in checks.values())
    return {"status": "ok" if healthy else "unavailable", **checks}, 200 if healthy else 503
