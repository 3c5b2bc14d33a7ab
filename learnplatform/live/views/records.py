"""A session's records for the organisation's files: the report (page, XLSX, CSV) and the
attendance list (page, XLSX, CSV). Seen by the session's owner and by the griffiers of its
organisation (`access.may_see_records`), nobody else."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learnplatform.auth.models import Role
from learnplatform.auth.permissions import roles_required
from learnplatform.extensions import db
from learnplatform.live import access, attendance
from learnplatform.live.exports import Table, to_csv, to_xlsx
from learnplatform.live.labels import role_label
from learnplatform.live.models import LiveSession
from learnplatform.live.report import build_header, build_report, report_tables
from learnplatform.live.views.common import bp

signed_in = roles_required()  # any account; the session decides (may_see_records)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _record_session(session_id: int) -> LiveSession:
    """The session if the current user may see its records; 404 or 403 otherwise."""
    session = db.session.get(LiveSession, session_id)
    if session is None:
        abort(404)
    if not access.may_see_records(current_user, session):
        abort(403)
    return session


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})


@bp.route("/sessies/<int:session_id>/rapport")
@signed_in
def report(session_id: int) -> ResponseReturnValue:
    """Printable report."""
    session = _record_session(session_id)
    return render_template("live/report.html", session=session, header=build_header(session),
                           report=build_report(session))


@bp.route("/sessies/<int:session_id>/rapport.csv")
@signed_in
def report_download(session_id: int) -> ResponseReturnValue:
    """The report as CSV for Dutch Excel."""
    session = _record_session(session_id)
    return _download(to_csv(report_tables(session)), "text/csv",
                     f"sessie-{session.id}-rapport.csv")


@bp.route("/sessies/<int:session_id>/rapport.xlsx")
@signed_in
def report_xlsx(session_id: int) -> ResponseReturnValue:
    """The report as an Excel workbook, a sheet per table."""
    session = _record_session(session_id)
    return _download(to_xlsx(report_tables(session)), XLSX, f"sessie-{session.id}-rapport.xlsx")


def _attendance_session(session_id: int) -> LiveSession:
    session = _record_session(session_id)
    if not session.attendance_enabled:
        abort(404)
    return session


def _attendance_table(session: LiveSession) -> list[Table]:
    date = build_header(session).date.strftime("%d-%m-%Y")
    rows = [[a.name, role_label(a.role), date] for a in attendance.attendees(session.id)]
    return [Table(_("Presentielijst"), [_("Naam"), _("Functie"), _("Datum")], rows)]


@bp.route("/sessies/<int:session_id>/presentielijst")
@signed_in
def attendance_list(session_id: int) -> ResponseReturnValue:
    """The attendance list, alphabetically; names only after the session has ended."""
    session = _attendance_session(session_id)
    ended = session.ended_at is not None
    return render_template(
        "live/attendance.html", session=session, header=build_header(session), ended=ended,
        attendees=attendance.attendees(session.id) if ended else [],
        count=attendance.count(session.id), role_label=role_label)


def _ended_attendance(session_id: int) -> LiveSession:
    session = _attendance_session(session_id)
    if session.ended_at is None:
        abort(404)
    return session


@bp.route("/sessies/<int:session_id>/presentielijst.csv")
@signed_in
def attendance_csv(session_id: int) -> ResponseReturnValue:
    """The attendance list as CSV for Dutch Excel."""
    session = _ended_attendance(session_id)
    return _download(to_csv(_attendance_table(session)), "text/csv",
                     f"sessie-{session.id}-presentielijst.csv")


@bp.route("/sessies/<int:session_id>/presentielijst.xlsx")
@signed_in
def attendance_xlsx(session_id: int) -> ResponseReturnValue:
    """The attendance list as an Excel workbook."""
    session = _ended_attendance(session_id)
    return _download(to_xlsx(_attendance_table(session)), XLSX,
                     f"sessie-{session.id}-presentielijst.xlsx")


@bp.route("/sessies/<int:session_id>/presentielijst/verwijderen", methods=["GET", "POST"])
@signed_in
def attendance_erase(session_id: int) -> ResponseReturnValue:
    """Ask, then delete the names of an ended session's attendance list (once it is filed)."""
    session = _ended_attendance(session_id)
    back = url_for("live.attendance_list", session_id=session.id)
    if request.method == "POST":
        attendance.erase(session.id)
        db.session.commit()
        flash(_("De namen op de presentielijst zijn verwijderd."), "success")
        return redirect(back)
    return render_template("live/confirm_delete.html", title=session.title,
                           what=_("de namen op de presentielijst"),
                           note=_("Download de lijst eerst als je hem wilt bewaren. De "
                                  "stemmen en het rapport blijven."), back=back)


@bp.route("/presentielijsten")
@roles_required(Role.GRIFFIER)
def organisation_records() -> ResponseReturnValue:
    """For griffiers: the organisation's ended sessions, with report and attendance list."""
    sessions = [] if current_user.organisation_id is None else list(db.session.scalars(
        select(LiveSession).where(LiveSession.organisation_id == current_user.organisation_id,
                                  LiveSession.ended_at.is_not(None),
                                  LiveSession.simulated_participants.is_(None))
        .order_by(LiveSession.ended_at.desc())))
    return render_template("live/records.html", sessions=sessions)
