"""The account page: profile, password, download my data, delete my account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from learnplatform.auth import services
from learnplatform.auth.forms import ChangePasswordForm, DeleteAccountForm, ProfileForm
from learnplatform.auth.models import User
from learnplatform.auth.permissions import login_required
from learnplatform.auth.personal_data import export_user_data
from learnplatform.db_types import utcnow
from learnplatform.extensions import db, limiter
from learnplatform.web.navigation import add_nav_item

bp = Blueprint("account", __name__, url_prefix="/account")
bp.record_once(lambda state: add_nav_item("account.index", _l("Account")))


def _me() -> User:
    user = current_user._get_current_object()
    assert isinstance(user, User)  # noqa: S101 - login_required guarantees a User
    return user


def _render(profile: ProfileForm | None = None, password: ChangePasswordForm | None = None,
            status: int = 200) -> ResponseReturnValue:
    user = _me()
    if profile is None:
        profile = ProfileForm(formdata=None, obj=user)
        profile.locale.data = user.locale or str(get_locale() or "nl")
    return render_template(
        "account/index.html", user=user, profile_form=profile,
        password_form=password or ChangePasswordForm(formdata=None),
    ), status


@bp.route("/")
@login_required
def index() -> ResponseReturnValue:
    """Show the account page."""
    return _render()


@bp.route("/gegevens", methods=["POST"])
@login_required
def update_profile() -> ResponseReturnValue:
    """Change name and language."""
    form = ProfileForm()
    if not form.validate_on_submit():
        return _render(profile=form, status=400)
    services.update_profile(_me(), form.name.data or "", form.locale.data or "nl")
    session["locale"] = form.locale.data
    db.session.commit()
    flash(_("Je gegevens zijn opgeslagen."), "success")
    return redirect(url_for("account.index"))


@bp.route("/wachtwoord", methods=["POST"])
@login_required
@limiter.limit("10 per minute")
def change_password() -> ResponseReturnValue:
    """Change the password; the current one is required."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = _me()
        if services.change_password(user, form.current_password.data or "",
                                    form.password.data or ""):
            db.session.commit()
            login_user(user)  # the session id includes the password; other sessions end
            flash(_("Je wachtwoord is gewijzigd."), "success")
            return redirect(url_for("account.index"))
        form.current_password.errors = [_("Je huidige wachtwoord klopt niet.")]
    return _render(password=form, status=400)


@bp.route("/export.json")
@login_required
def export() -> ResponseReturnValue:
    """Download everything the platform keeps about me as JSON."""
    data = {"exported_at": utcnow().isoformat(), **export_user_data(_me())}
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="mijn-gegevens.json"'},
    )


@bp.route("/verwijderen", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def delete() -> ResponseReturnValue:
    """Delete my account after confirming with my password; this logs me out."""
    user = _me()
    form = DeleteAccountForm()
    last_beheerder = services.is_last_beheerder(user)
    if form.validate_on_submit() and not last_beheerder:
        if user.check_password(form.delete_password.data or ""):
            services.delete_account(user)
            db.session.commit()
            logout_user()
            flash(_("Je account en al je gegevens zijn verwijderd."), "success")
            return redirect(url_for("web.home"))
        form.delete_password.errors = [_("Dit wachtwoord klopt niet.")]
    status = 400 if form.errors else 200
    return render_template(
        "account/delete.html", form=form, last_beheerder=last_beheerder
    ), status
