"""HTTP views of live sessions: builder, local dilemmas, trainer pages, participant page, report."""

from __future__ import annotations

import io
import secrets

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
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
from werkzeug.wrappers import Response as BaseResponse
from wtforms.fields.choices import SelectChoice

from learnplatform.auth.models import Role
from learnplatform.auth.permissions import roles_required
from learnplatform.content.schema import Scenario
from learnplatform.extensions import db, limiter
from learnplatform.live import access, broadcast, counts, rehearsal, services, votes
from learnplatform.live.engine import IllegalCommand
from learnplatform.live.forms import (
    AUDIENCE_LABELS,
    THEME_LABELS,
    FilterForm,
    LocalDilemmaForm,
    SessionForm,
    selected_refs,
)
from learnplatform.live.models import LiveSession, LocalDilemma
from learnplatform.live.namespace import COOKIE_PREFIX
from learnplatform.live.protocol import CommandPayload, message
from learnplatform.live.report import build_report, report_csv
from learnplatform.live.snapshot import build_state, forget_cached, join_url
from learnplatform.web.content import get_content

bp = Blueprint("live", __name__, url_prefix="/live")
trainer_only = roles_required(Role.TRAINER)
builders = roles_required(*access.BUILDER_ROLES)  # trainers, and griffiers for rehearsals


def _library() -> list[tuple[str, Scenario, bool]]:
    """(ref, scenario, is_local) for every scenario the current trainer may use."""
    entries = [(sid, s, False) for sid, s in sorted(get_content().scenarios.items(),
                                                    key=lambda kv: kv[1].title)]
    for local in services.local_dilemmas_for(current_user):
        scenario = services.resolve_scenario(f"{services.LOCAL_PREFIX}{local.id}")
        if scenario is not None:
            entries.append((f"{services.LOCAL_PREFIX}{local.id}", scenario, True))
    return entries


def _owned(session_id: int) -> LiveSession:
    session = db.session.get(LiveSession, session_id)
    if session is None:
        abort(404)
    if not access.may_steer(current_user, session):
        abort(403)
    return session


@bp.route("/sessies")
@builders
def sessions() -> ResponseReturnValue:
    """The trainer's sessions."""
    return render_template("live/sessions.html", sessions=services.sessions_of(current_user),
                           rehearsals_only=access.rehearsals_only(current_user))


@bp.route("/sessies/nieuw", methods=["GET", "POST"])
@builders
def new_session() -> ResponseReturnValue:
    """Session builder: title, timer, attendance, scenarios in order and/or a programme."""
    form = SessionForm()
    programmes = get_content().programmes
    form.programme.choices = [SelectChoice("", _("Geen programma"))] + [
        SelectChoice(p.id, p.title) for p in programmes.values()]
    filters = FilterForm(request.args)
    library = _library()
    visible = [e for e in library
               if (not filters.thema.data or filters.thema.data in e[1].themes)
               and (not filters.doelgroep.data or filters.doelgroep.data in e[1].audience)]
    library_error = None
    if form.validate_on_submit():
        refs = selected_refs(request.form, [ref for ref, _s, _l in library])
        if form.programme.data:
            refs = list(programmes[form.programme.data].scenarios) + refs
        if refs:
            rehearsal_only = access.rehearsals_only(current_user)
            session = services.create_session(
                current_user, form.title.data or "", refs,
                attendance=bool(form.attendance.data), default_timer=form.default_timer.data,
                simulated=(form.simulated.data or 12)
                if form.rehearsal.data or rehearsal_only else None)
            db.session.commit()
            flash(_("De sessie is klaargezet."), "success")
            return redirect(url_for("live.session_detail", session_id=session.id))
        library_error = _("Kies minstens één dilemma of een programma.")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "live/builder.html", form=form, filters=filters, library=visible,
        rehearsals_only=access.rehearsals_only(current_user),
        checked=set(request.form.getlist("scenario")), positions=request.form,
        library_error=library_error, theme_labels=THEME_LABELS, audience_labels=AUDIENCE_LABELS,
    ), status


@bp.route("/dilemmas")
@trainer_only
def dilemmas() -> ResponseReturnValue:
    """The organisation's own dilemmas, to edit or delete."""
    return render_template("live/dilemmas.html",
                           dilemmas=services.local_dilemmas_for(current_user))


def _save_dilemma(form: LocalDilemmaForm, old: LocalDilemma | None) -> bool:
    """Validate the form as a Scenario and store it (new, or a new version of `old`)."""
    try:
        data = form.scenario_data(f"lokaal-{secrets.token_hex(4)}")
        if old is None:
            services.create_local_dilemma(current_user, data)
        else:
            services.revise_local_dilemma(current_user, old, data)
    except ValidationError as error:
        db.session.rollback()
        form.apply_errors(error)
        return False
    db.session.commit()
    return True


@bp.route("/dilemmas/nieuw", methods=["GET", "POST"])
@trainer_only
def new_dilemma() -> ResponseReturnValue:
    """Write a local dilemma; validated with the same Scenario model as the content files."""
    form = LocalDilemmaForm()
    if form.validate_on_submit() and _save_dilemma(form, None):
        flash(_("Het dilemma is opgeslagen. Je kunt het nu kiezen in een sessie."), "success")
        return redirect(url_for("live.new_session"))
    status = 400 if request.method == "POST" else 200
    return render_template("live/dilemma_form.html", form=form, local=None), status


def _own_dilemma(local_id: int) -> LocalDilemma:
    local = services.local_dilemma_for(current_user, local_id)
    if local is None:
        abort(404)
    return local


@bp.route("/dilemmas/<int:local_id>/bewerken", methods=["GET", "POST"])
@trainer_only
def edit_dilemma(local_id: int) -> ResponseReturnValue:
    """Edit a local dilemma: saved as a new version, so earlier sessions keep what they showed."""
    local = _own_dilemma(local_id)
    form = LocalDilemmaForm(data=None if request.method == "POST"
                            else LocalDilemmaForm.data_from_scenario(local.data))
    if form.validate_on_submit() and _save_dilemma(form, local):
        flash(_("De wijzigingen zijn opgeslagen."), "success")
        return redirect(url_for("live.dilemmas"))
    status = 400 if request.method == "POST" else 200
    return render_template("live/dilemma_form.html", form=form, local=local), status


@bp.route("/dilemmas/<int:local_id>/verwijderen", methods=["GET", "POST"])
@trainer_only
def delete_dilemma(local_id: int) -> ResponseReturnValue:
    """Ask, then take a local dilemma out of the library (sessions that used it keep it)."""
    local = _own_dilemma(local_id)
    if request.method == "POST":
        services.archive_local_dilemma(local)
        db.session.commit()
        flash(_("Het dilemma „%(title)s” is verwijderd.", title=local.title), "success")
        return redirect(url_for("live.dilemmas"))
    return render_template("live/confirm_delete.html", title=local.title,
                           what=_("dit dilemma"),
                           note=_("Sessies waarin het al zat, houden het in hun rapport."),
                           back=url_for("live.dilemmas"))


@bp.route("/sessies/<int:session_id>")
@builders
def session_detail(session_id: int) -> ResponseReturnValue:
    """Code, QR code and join URL of a session, with links to its views."""
    session = _owned(session_id)
    return render_template("live/session.html", session=session, join_url=join_url(session),
                           state=build_state(session, "trainer"),
                           can_delete=services.can_delete(session))


@bp.route("/sessies/<int:session_id>/verwijderen", methods=["GET", "POST"])
@builders
def delete_session(session_id: int) -> ResponseReturnValue:
    """Ask, then delete a session that has not started or has ended, with all its data."""
    session = _owned(session_id)
    if not services.can_delete(session):
        flash(message("session_running"), "error")
        return redirect(url_for("live.session_detail", session_id=session.id))
    if request.method == "POST":
        title = session.title
        services.delete_session(session)
        db.session.commit()
        forget_cached(session_id)
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
    session = _owned(session_id)
    buffer = io.BytesIO()
    segno.make(join_url(session), error="m").save(
        buffer, kind="svg", scale=10, border=2, xmldecl=False, light="#fff",
        title=_("QR-code om deel te nemen"))
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


def _trainer_view(session_id: int, template: str) -> str:
    """A trainer page or fragment rendered from the session's current state."""
    session = _owned(session_id)
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
    """Run a command without JavaScript: the same service and broadcast as the socket event."""
    _owned(session_id)  # 404 or 403 before anything else
    session = db.session.get(LiveSession, session_id, with_for_update=True)
    assert session is not None  # noqa: S101 - checked just above
    raw: dict[str, object] = {k: v for k, v in request.form.items()
                              if k != "csrf_token" and v != ""}
    for number in ("timer", "seconds"):
        if number in raw:
            text = str(raw[number])
            raw[number] = int(text) if text.lstrip("-").isdigit() else text
    try:
        command = CommandPayload.model_validate(raw).to_command()
        events = services.execute(session, command)
    except (ValidationError, IllegalCommand) as error:
        db.session.rollback()
        code = error.code if isinstance(error, IllegalCommand) else "bad_payload"
        flash(message(code), "error")
    else:
        db.session.commit()
        broadcast.transition(session, events)
        rehearsal.after_transition(session, events)
    return redirect(url_for("live.control", session_id=session.id))


@bp.route("/sessies/<int:session_id>/regie/moderatie", methods=["POST"])
@builders
def control_moderate(session_id: int) -> ResponseReturnValue:
    """Show or hide an argument without JavaScript."""
    session = _owned(session_id)
    try:
        services.moderate(session, int(request.form.get("argument", "0") or 0),
                          request.form.get("action", ""))
    except (ValueError, IllegalCommand):
        db.session.rollback()
        flash(message("unknown_argument"), "error")
    else:
        db.session.commit()
        broadcast.arguments_changed(session, services.arguments_of(session.id))
    return redirect(url_for("live.control", session_id=session.id))


@bp.route("/sessies/<int:session_id>/rapport")
@builders
def report(session_id: int) -> ResponseReturnValue:
    """Printable report."""
    session = _owned(session_id)
    return render_template("live/report.html", session=session, report=build_report(session))


@bp.route("/sessies/<int:session_id>/rapport.csv")
@builders
def report_download(session_id: int) -> ResponseReturnValue:
    """The report as CSV."""
    session = _owned(session_id)
    return Response(report_csv(session), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="sessie-{session.id}-rapport.csv"'})


# --- participant ----------------------------------------------------------------------------


def _participant_context(code: str) -> tuple[LiveSession, str, bool]:
    """The session for this code and the participant token from the cookie (or a new one)."""
    if not (len(code) == 6 and code.isdigit()):
        abort(404)
    found = services.session_for_participant(
        code, lambda session: request.cookies.get(f"{COOKIE_PREFIX}{session.id}"))
    if found is None:
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
    found = None if fresh else services.find_participant(session, token)
    state = build_state(session, "participant",
                        participant_id=found.id if found else None)
    response = Response(render_template(
        "live/participant.html", session=session, state=state,
        attended=request.cookies.get(f"{COOKIE_PREFIX}{session.id}_aanwezig") == "1"))
    return _with_cookie(response, session, token)


@bp.route("/<code>/stem", methods=["POST"])
@limiter.limit("60 per minute")
def vote_fallback(code: str) -> ResponseReturnValue:
    """Vote without JavaScript (the same service as the socket event)."""
    session, token, _fresh = _participant_context(code)
    try:
        participant, token, _created = services.join_participant(session, token)
        votes.cast_vote(session, participant.id, request.form.get("round") or None,
                           request.form.get("option", ""))
        db.session.commit()
        counts.mark_dirty(session.id)
        flash(_("Je stem is ontvangen."), "success")
    except IllegalCommand:
        db.session.rollback()
        flash(_("Je stem kon niet worden verwerkt: stemmen is nu niet mogelijk."), "error")
    return _with_cookie(redirect(url_for("live.participant", code=code)), session, token)


@bp.route("/<code>/argument", methods=["POST"])
@limiter.limit("30 per minute")
def argument_fallback(code: str) -> ResponseReturnValue:
    """Send an argument without JavaScript."""
    session, token, _fresh = _participant_context(code)
    try:
        argument = services.add_argument(session, request.form.get("text", "")[:2000])
        db.session.commit()
        broadcast.argument_new(argument)
        flash(_("Je argument is verstuurd naar de trainer."), "success")
    except IllegalCommand:
        db.session.rollback()
        flash(_("Je argument kon niet worden verstuurd (1 tot 280 tekens, tijdens de "
                "bespreking)."), "error")
    return _with_cookie(redirect(url_for("live.participant", code=code)), session, token)


@bp.route("/<code>/aanwezig", methods=["POST"])
@limiter.limit("10 per minute")
def attend(code: str) -> ResponseReturnValue:
    """Put a name on the attendance list (stored apart from the participant token)."""
    session, token, _fresh = _participant_context(code)
    if not session.attendance_enabled or session.ended_at is not None:
        abort(404)
    try:
        services.add_attendance(session, request.form.get("name", "")[:500])
        db.session.commit()
        flash(_("Dank je, je staat op de presentielijst."), "success")
    except IllegalCommand:
        db.session.rollback()
        flash(_("Vul je naam in (hoogstens 120 tekens)."), "error")
        return _with_cookie(redirect(url_for("live.participant", code=code)), session, token)
    response = _with_cookie(redirect(url_for("live.participant", code=code)), session, token)
    response.set_cookie(f"{COOKIE_PREFIX}{session.id}_aanwezig", "1", max_age=60 * 60 * 24,
                        httponly=True, samesite="Lax", path="/")
    return response
