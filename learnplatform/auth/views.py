"""Login and logout."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from learnplatform.auth import services
from learnplatform.auth.forms import LoginForm
from learnplatform.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow same-site relative redirects after login."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("web.home")


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login() -> ResponseReturnValue:
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            flash(_("Onbekend e-mailadres of onjuist wachtwoord."), "error")
        else:
            login_user(user, remember=bool(form.remember.data))
            db.session.commit()
            flash(_("Je bent ingelogd."), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/uitloggen", methods=["POST"])
def logout() -> ResponseReturnValue:
    """Log out (POST only, so a link cannot log someone out)."""
    logout_user()
    flash(_("Je bent uitgelogd."), "info")
    return redirect(url_for("web.home"))
