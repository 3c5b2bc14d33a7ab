"""Organisation settings: expected tracks per office, the deadline, the griffie's contact details
and the griffier's own weekly digest."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from learnplatform.auth.models import Role
from learnplatform.extensions import db
from learnplatform.griffie import queries, roles
from learnplatform.griffie import settings as service
from learnplatform.griffie.forms import SettingsForm
from learnplatform.griffie.views.common import actor, bp, griffie_roles, managed_organisation
from learnplatform.web.content import get_content


@bp.route("/<int:org_id>/instellingen", methods=["GET", "POST"])
@griffie_roles
def settings(org_id: int) -> ResponseReturnValue:
    """Which tracks are expected of which office, by when, and how members reach the griffie."""
    org = managed_organisation(org_id)
    tracks = queries.organisation_tracks(org, get_content())
    current = service.settings_of(org.id)
    form = SettingsForm(obj=current)
    is_griffier = actor().has_role(Role.GRIFFIER) and actor().organisation_id == org.id
    if request.method == "GET":
        form.weekly_digest.data = service.wants_digest(actor())
    if form.validate_on_submit():
        known = {(role, t.id) for role in roles.OFFICE_ROLES for t in tracks}
        chosen = {tuple(value.split(":", 1)) for value in request.form.getlist("expect")
                  if ":" in value}
        service.save_settings(
            org, form.deadline.data, form.contact_name.data or "", form.contact_email.data or "",
            form.contact_phone.data or "",
            {(str(r), str(t)) for r, t in chosen if (r, t) in known},
        )
        if is_griffier:
            service.set_digest(actor(), bool(form.weekly_digest.data))
        db.session.commit()
        flash(_("De instellingen zijn opgeslagen."), "success")
        return redirect(url_for(".settings", org_id=org.id))
    return render_template(
        "griffie/settings.html", org=org, form=form, tracks=tracks,
        expected=service.expectations(org.id), office_roles=roles.OFFICE_ROLES,
        is_griffier=is_griffier,
    ), 400 if form.errors else 200
