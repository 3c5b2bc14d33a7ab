"""Login, logout and setting a password through an e-mailed link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from learnplatform.auth import services
from learnplatform.auth.forms import LoginForm, PasswordResetRequestForm, SetPasswordForm
from learnplatform.auth.signals import access_changed
from learnplatform.auth.tokens import verify_password_token
from learnplatform.extensions import db, limiter
from learnplatform.web.redirects import safe_next

bp = Blueprint("auth", __name__)


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
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/uitloggen", methods=["POST"])
def logout() -> ResponseReturnValue:
    """Log out (POST only, so a link cannot log someone out); open trainer sockets close too."""
    if current_user.is_authenticated:
        access_changed.send(None, user_id=current_user.id)
    logout_user()
    flash(_("Je bent uitgelogd."), "info")
    return redirect(url_for("web.home"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
def forgot_password() -> ResponseReturnValue:
    """Ask for a reset link; the answer never reveals whether the address has an account."""
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data or "")
        db.session.commit()  # sends the queued mail, if any
        flash(
            _("Als er een account met dit e-mailadres is, hebben we een link gestuurd om een "
              "nieuw wachtwoord te kiezen. Kijk ook in je map met ongewenste e-mail."),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/wachtwoord-instellen/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def set_password(token: str) -> ResponseReturnValue:
    """Choose a new password with a valid link from an e-mail."""
    user = verify_password_token(token)
    if user is None:
        return render_template("auth/invalid_token.html"), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        services.set_new_password(user, form.password.data or "")
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        flash(_("Je wachtwoord is ingesteld. Log in met je nieuwe wachtwoord."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=user)
