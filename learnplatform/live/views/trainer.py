"""A session's own pages: code and QR, projector, control (no-JS commands too), report, delete."""

from __future__ import annotations

import io

import segno
from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import ValidationError

from learnplatform.extensions import db
from learnplatform.live import broadcast, commands, services
from learnplatform.live.engine import IllegalCommand
from learnplatform.live.models import LiveSession
from learnplatform.live.protocol import CommandPayload, message
from learnplatform.live.snapshot import build_state, join_url
from learnplatform.live.views.common import bp, builders, owned_session


@bp.route("/sessies/<int:session_id>")
@builders
def session_detail(session_id: int) -> ResponseReturnValue:
    """Code, QR code and join URL of a session, with links to its views."""
    session = owned_session(session_id)
    return render_template("live/session.html", session=session, join_url=join_url(session),
                           state=build_state(session, "trainer"),
                           can_delete=services.can_delete(session),
                           can_edit=services.can_edit(session))


@bp.route("/sessies/<int:session_id>/opnieuw", methods=["POST"])
@builders
def copy_session(session_id: int) -> ResponseReturnValue:
    """Set up the same session again (for the next council, or to run it once more)."""
    session = owned_session(session_id)
    try:
        copy = services.copy_session(session, current_user)
    except IllegalCommand:  # a dilemma of the old session no longer exists
        db.session.rollback()
        flash(_("Deze sessie kan niet opnieuw worden klaargezet: een van de dilemma's bestaat "
                "niet meer."), "error")
        return redirect(url_for("live.session_detail", session_id=session.id))
    db.session.commit()
    flash(_("Een nieuwe sessie met dezelfde dilemma's is klaargezet."), "success")
    return redirect(url_for("live.session_detail", session_id=copy.id))


@bp.route("/sessies/<int:session_id>/verwijderen", methods=["GET", "POST"])
@builders
def delete_session(session_id: int) -> ResponseReturnValue:
    """Ask, then delete a session that has not started or has ended, with all its data."""
    session = owned_session(session_id)
    if not services.can_delete(session):
        flash(message("session_running"), "error")
        return redirect(url_for("live.session_detail", session_id=session.id))
    if request.method == "POST":
        title = session.title
        services.delete_session(session)
        db.session.commit()
        flash(_("De sessie „%(title)s” is verwijderd.", title=title), "success")
        return redirect(url_for("live.sessions"))
    return render_template("live/confirm_delete.html", title=session.title,
                           what=_("deze sessie"),
                           note=_("De stemmen, argumenten en een eventuele presentielijst worden "
                                  "ook verwijderd. Download eerst het rapport als je dat wilt "
                                  "bewaren."),
                           back=url_for("live.session_detail", session_id=session.id))


@bp.route("/sessies/<int:session_id>/qr.svg")
@builders
def qr_code(session_id: int) -> ResponseReturnValue:
    """The join URL as a QR code (SVG)."""
    session = owned_session(session_id)
    buffer = io.BytesIO()
    segno.make(join_url(session), error="m").save(
        buffer, kind="svg", scale=10, border=2, xmldecl=False, light="#fff",
        title=_("QR-code om deel te nemen"))
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


def _trainer_view(session_id: int, template: str) -> str:
    """A trainer page or fragment rendered from the session's current state."""
    session = owned_session(session_id)
    return render_template(template, session=session, state=build_state(session, "trainer"))


@bp.route("/sessies/<int:session_id>/presentatie")
@builders
def presenter(session_id: int) -> ResponseReturnValue:
    """Projector view."""
    return _trainer_view(session_id, "live/presenter.html")


@bp.route("/sessies/<int:session_id>/regie")
@builders
def control(session_id: int) -> ResponseReturnValue:
    """Trainer's control view (also usable on a phone as a remote)."""
    return _trainer_view(session_id, "live/control.html")


@bp.route("/sessies/<int:session_id>/presentatie/fragment")
@builders
def presenter_fragment(session_id: int) -> ResponseReturnValue:
    """The projector's content for the current state (fetched by the page after each change)."""
    return _trainer_view(session_id, "live/_presenter_view.html")


@bp.route("/sessies/<int:session_id>/regie/fragment")
@builders
def control_fragment(session_id: int) -> ResponseReturnValue:
    """The control view's content for the current state."""
    return _trainer_view(session_id, "live/_control_view.html")


@bp.route("/sessies/<int:session_id>/regie/opdracht", methods=["POST"])
@builders
def control_command(session_id: int) -> ResponseReturnValue:
    """Run a command without JavaScript: the same path (`live.commands`) as the socket event."""
    owned_session(session_id)  # 404 or 403 before anything else
    session = db.session.get(LiveSession, session_id, with_for_update=True)
    assert session is not None  # noqa: S101 - checked just above
    raw: dict[str, object] = {k: v for k, v in request.form.items()
                              if k != "csrf_token" and v != ""}
    for number in ("timer", "seconds"):
        if number in raw:
            text = str(raw[number])
            raw[number] = int(text) if text.lstrip("-").isdigit() else text
    try:
        commands.run(session, CommandPayload.model_validate(raw).to_command())
    except (ValidationError, IllegalCommand) as error:
        db.session.rollback()
        code = error.code if isinstance(error, IllegalCommand) else "bad_payload"
        flash(message(code), "error")
    return redirect(url_for("live.control", session_id=session.id))


@bp.route("/sessies/<int:session_id>/regie/moderatie", methods=["POST"])
@builders
def control_moderate(session_id: int) -> ResponseReturnValue:
    """Show or hide an argument without JavaScript."""
    session = owned_session(session_id)
    try:
        services.moderate(session, int(request.form.get("argument", "0") or 0),
                          request.form.get("action", ""))
    except (ValueError, IllegalCommand):
        db.session.rollback()
        flash(message("unknown_argument"), "error")
    else:
        broadcast.arguments_changed(session)
        db.session.commit()
    return redirect(url_for("live.control", session_id=session.id))
