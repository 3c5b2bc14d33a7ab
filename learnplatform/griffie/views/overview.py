"""The member overview: who completed what, filters, aggregates and the spreadsheet exports."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from learnplatform.auth.models import Organisation, Role
from learnplatform.content.schema import Track
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie import export, overview, queries
from learnplatform.griffie.forms import OverviewFilterForm
from learnplatform.griffie.labels import CERTIFICATE_LABELS, STATUS_LABELS
from learnplatform.griffie.views.common import actor, bp, griffie_roles, managed_organisation
from learnplatform.web.content import get_content


@bp.get("/")
@griffie_roles
def index() -> ResponseReturnValue:
    """A griffier goes to their organisation; the beheerder chooses one."""
    user = actor()
    if not user.has_role(Role.BEHEERDER) and user.organisation_id is not None:
        return redirect(url_for(".members", org_id=user.organisation_id))
    orgs = list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
    if not user.has_role(Role.BEHEERDER):
        orgs = []
    return render_template("griffie/index.html", organisations=orgs)


@dataclass(frozen=True)
class OverviewView:
    """What the overview and the exports share: the chosen track and the filtered rows."""

    form: OverviewFilterForm
    track: Track | None
    rows: list[overview.MemberRow]
    all_rows: list[overview.MemberRow]


def _overview(org: Organisation) -> OverviewView:
    content = get_content()
    tracks = queries.organisation_tracks(org, content)
    form = OverviewFilterForm(request.args)
    form.traject.choices = [SelectChoice(t.id, t.title) for t in tracks]
    form.validate()
    for field in (form.status, form.rol, form.sorteer, form.q):
        if field.errors:  # an unknown value filters on nothing rather than on everything
            field.data, field.errors = "", []
    track = next((t for t in tracks if t.id == form.traject.data), tracks[0] if tracks else None)
    if track is None:
        return OverviewView(form, None, [], [])
    form.traject.data = track.id
    all_rows = overview.build_rows(track, queries.member_facts(org), utcnow())
    rows = overview.filter_rows(all_rows, form.status.data or "", form.rol.data or "",
                                form.q.data or "")
    return OverviewView(form, track, overview.sort_rows(rows, form.sorteer.data or "name"),
                        all_rows)


@bp.get("/<int:org_id>/")
@griffie_roles
def members(org_id: int) -> ResponseReturnValue:
    """Members with their progress per track and module, filters, sorting and aggregates."""
    org = managed_organisation(org_id)
    view = _overview(org)
    content = get_content()
    return render_template(
        "griffie/members.html", org=org, form=view.form, track=view.track, rows=view.rows,
        total=len(view.all_rows),
        aggregates=overview.aggregates(view.track, view.all_rows) if view.track else [],
        titles={m.id: m.title for m in content.modules.values()},
        status_labels=STATUS_LABELS, certificate_labels=CERTIFICATE_LABELS,
        export_args={k: v for k, v in request.args.items() if v},
    )


def _export(org_id: int, kind: str) -> ResponseReturnValue:
    org = managed_organisation(org_id)
    view = _overview(org)
    if view.track is None:
        return redirect(url_for(".members", org_id=org.id))
    titles = {m.id: m.title for m in get_content().modules.values()}
    lines = export.table(view.track, view.rows, titles)
    stamp = utcnow().strftime("%Y-%m-%d")
    name = f"voortgang-{view.track.id}-{stamp}"
    if kind == "csv":
        body, mimetype = export.to_csv(lines), "text/csv; charset=utf-8"
    else:
        body = export.to_xlsx(lines, view.track.title)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}.{kind}"',
        "Cache-Control": "no-store",
    })


@bp.get("/<int:org_id>/export.csv")
@griffie_roles
def export_csv(org_id: int) -> ResponseReturnValue:
    """The filtered overview as CSV for Dutch Excel."""
    return _export(org_id, "csv")


@bp.get("/<int:org_id>/export.xlsx")
@griffie_roles
def export_xlsx(org_id: int) -> ResponseReturnValue:
    """The filtered overview as an XLSX workbook."""
    return _export(org_id, "xlsx")
