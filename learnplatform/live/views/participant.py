"""The participant's page (no account) and its no-JavaScript fallbacks for voting, arguments and
the attendance list."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from learnplatform.extensions import db, limiter
from learnplatform.live import admission, attendance, broadcast, counts, limits, services, votes
from learnplatform.live.engine import IllegalCommand
from learnplatform.live.labels import ROLE_LABELS
from learnplatform.live.models import LiveSession
from learnplatform.live.namespace import COOKIE_PREFIX
from learnplatform.live.protocol import message
from learnplatform.live.signals import session_attended
from learnplatform.live.snapshot import build_state
from learnplatform.live.views.common import bp
from learnplatform.web.errors import render_error


def _participant_context(code: str) -> tuple[LiveSession, str, bool]:
    """The session for this code and the participant token from the cookie (or a new one).

    A wrong code counts towards the address's guessing limit (shared with the join form and the
    socket); past it, every code is refused for a while with a clear message.
    """
    address = limits.client_address()
    if not limits.limits().may_guess(address):
        abort(make_response(render_error(429, message("too_many_guesses"))))
    found = None
    code = services.normalise_code(code)
    if len(code) == 6 and code.isdigit():
        found = services.session_for_participant(
            code, lambda session: request.cookies.get(f"{COOKIE_PREFIX}{session.id}"))
    if found is None:
        limits.limits().wrong_code(address)
        abort(404)
    session, token = found
    if token is None:
        return session, services.new_token(), True
    return session, token, False


def _with_cookie(response: BaseResponse, session: LiveSession, token: str) -> BaseResponse:
    response.set_cookie(
        f"{COOKIE_PREFIX}{session.id}", token, max_age=60 * 60 * 24, httponly=True,
        samesite="Lax", secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        path="/")
    return response


@bp.route("/<code>")
def participant(code: str) -> ResponseReturnValue:
    """The participant page: no login; the current state rendered on the server too."""
    session, token, fresh = _participant_context(code)
    if code != session.code:  # typed with spaces: show the canonical address
        return redirect(url_for("live.participant", code=session.code))
    found = None if fresh else services.find_participant(session, token)
    state = build_state(session, "participant",
                        participant_id=found.id if found else None)
    response = Response(render_template(
        "live/participant.html", session=session, state=state,
        attended=request.cookies.get(f"{COOKIE_PREFIX}{session.id}_aanwezig") == "1",
        attendance_roles=ROLE_LABELS))
    return _with_cookie(response, session, token)


@bp.route("/<code>/stem", methods=["POST"])
@limiter.limit("60 per minute")
def vote_fallback(code: str) -> ResponseReturnValue:
    """Vote without JavaScript (the same service as the socket event)."""
    session, token, _fresh = _participant_context(code)
    try:
        participant, token, _created = services.join_participant(
            session, token, may_create=admission.participant_gate(session))
        votes.cast_vote(session, participant.id, request.form.get("round") or None,
                           request.form.get("option", ""))
        counts.mark_dirty(session.id)
        db.session.commit()
        flash(_("Je stem is ontvangen."), "success")
    except IllegalCommand as refusal:
        db.session.rollback()
        flash(message(refusal.code) if refusal.code == "too_many_participants" else
              _("Je stem kon niet worden verwerkt: stemmen is nu niet mogelijk."), "error")
    return _with_cookie(redirect(url_for("live.participant", code=code)), session, token)


@bp.route("/<code>/argument", methods=["POST"])
@limiter.limit("30 per minute")
def argument_fallback(code: str) -> ResponseReturnValue:
    """Send an argument without JavaScript."""
    session, token, _fresh = _participant_context(code)
    try:
        argument = services.add_argument(session, request.form.get("text", "")[:2000])
        broadcast.argument_new(argument)
        db.session.commit()
        flash(_("Je argument is verstuurd naar de trainer."), "success")
    except IllegalCommand:
        db.session.rollback()
        flash(_("Je argument kon niet worden verstuurd (1 tot 280 tekens, tijdens de "
                "bespreking)."), "error")
    return _with_cookie(redirect(url_for("live.participant", code=code)), session, token)


@bp.route("/<code>/aanwezig", methods=["POST"])
# A whole council signs in at once, often behind one venue address: per address, allow a
# room-full a minute (names are only seen by the owner and the griffie, who judge them).
@limiter.limit("120 per minute")
def attend(code: str) -> ResponseReturnValue:
    """Put a name on the attendance list (stored apart from the participant token)."""
    session, token, _fresh = _participant_context(code)
    if not session.attendance_enabled or session.ended_at is not None:
        abort(404)
    try:
        attendance.add(session, request.form.get("name", "")[:500],
                       request.form.get("role") or None)
        if current_user.is_authenticated:  # a member's learning record, never linked to a vote
            session_attended.send(current_user._get_current_object(), session=session)
        db.session.commit()
        flash(_("Dank je, je staat op de presentielijst."), "success")
    except IllegalCommand:
        db.session.rollback()
        flash(_("Vul je naam in (hoogstens 120 tekens) en kies een functie uit de lijst."),
              "error")
        return _with_cookie(redirect(url_for("live.participant", code=code)), session, token)
    response = _with_cookie(redirect(url_for("live.participant", code=code)), session, token)
    response.set_cookie(f"{COOKIE_PREFIX}{session.id}_aanwezig", "1", max_age=60 * 60 * 24,
                        httponly=True, samesite="Lax", path="/")
    return response
