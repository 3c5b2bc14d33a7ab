"""The join page: a six-digit code from the start page leads to the participant page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from learnplatform.extensions import limiter
from learnplatform.live import limits
from learnplatform.live.protocol import message
from learnplatform.live.services import find_active_session, normalise_code
from learnplatform.web.forms import JoinForm

join_bp = Blueprint("join", __name__)


def resolve_join_code(code: str) -> str | None:
    """Return the URL of the active session with this code, or None when there is none."""
    if not (len(code) == 6 and code.isdigit()):
        return None
    session = find_active_session(code)
    return url_for("live.participant", code=session.code) if session else None


@join_bp.route("/deelnemen", methods=["POST"])
@limiter.limit("30 per minute")
def submit() -> ResponseReturnValue:
    """Join a live session by its code."""
    form = JoinForm()
    address, status = limits.client_address(), 400
    if not limits.limits().may_guess(address):
        form.validate_on_submit()
        form.code.errors = [message("too_many_guesses")]
        status = 429
    elif form.validate_on_submit():
        code = normalise_code(form.code.data or "")
        target = resolve_join_code(code)
        if target:
            return redirect(target)
        limits.limits().wrong_code(address)
        form.code.errors = [_("Er is geen sessie met deze code. Controleer de code.")]
    # the error is where the eye is: the browser focuses the field and scrolls to it
    form.code.render_kw = {**(form.code.render_kw or {}), "autofocus": True}
    return render_template("web/home.html", join_form=form), status
