"""Invitations: one at a time, or a CSV/XLSX file with a preview; resend and revoke."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from learnplatform.auth.models import Organisation
from learnplatform.extensions import db
from learnplatform.griffie import invitations as service
from learnplatform.griffie import roles
from learnplatform.griffie.forms import ActionForm, ImportForm, InviteForm, UploadForm
from learnplatform.griffie.models import Invitation
from learnplatform.griffie.upload import ParsedFile, parse_upload, validate_rows
from learnplatform.griffie.views.common import actor, bp, griffie_roles, managed_organisation


def _page(org: Organisation, invite_form: InviteForm | None = None,
          upload_form: UploadForm | None = None, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "griffie/invitations.html", org=org, invite_form=invite_form or InviteForm(),
        upload_form=upload_form or UploadForm(), action_form=ActionForm(),
        invitations=service.organisation_invitations(org), status_of=service.status,
        days=service.invite_days(),
        role_names=", ".join(str(label) for label in roles.OFFICE_ROLES.values()),
    ), status


@bp.get("/<int:org_id>/uitnodigingen")
@griffie_roles
def invitations(org_id: int) -> ResponseReturnValue:
    """Invite members and follow the invitations sent."""
    return _page(managed_organisation(org_id))


@bp.post("/<int:org_id>/uitnodigingen")
@griffie_roles
def invite_one(org_id: int) -> ResponseReturnValue:
    """Invite one member."""
    org = managed_organisation(org_id)
    form = InviteForm()
    if form.validate_on_submit() and service.find_existing(form.email.data or "") is not None:
        form.email.errors = [_("Er is al een account met dit e-mailadres.")]
    elif form.validate_on_submit():
        invitation = service.invite(org, actor(), form.name.data or "", form.email.data or "",
                                    form.office_role.data or "")
        db.session.commit()
        flash(_("%(name)s is uitgenodigd; de uitnodiging is verstuurd naar %(email)s.",
                name=invitation.name, email=invitation.email), "success")
        return redirect(url_for(".invitations", org_id=org.id))
    return _page(org, invite_form=form, status=400)


def _payload(parsed: ParsedFile) -> str:
    rows = [[line.number, [line.name, line.email, line.office_role]] for line in parsed.lines]
    return json.dumps({"rows": rows, "errors": len(parsed.errors)})


@bp.post("/<int:org_id>/uitnodigingen/bestand")
@griffie_roles
def upload(org_id: int) -> ResponseReturnValue:
    """Read a member list and show a preview: the lines to invite and every bad line."""
    org = managed_organisation(org_id)
    form = UploadForm()
    file = form.file.data if form.validate_on_submit() else None
    if file is None or not getattr(file, "filename", ""):
        form.file.errors = [_("Kies een CSV- of XLSX-bestand.")]
        return _page(org, upload_form=form, status=400)
    parsed = parse_upload(file.filename, file.read(1_000_001), service.existing_emails())
    if parsed.file_error:
        form.file.errors = [parsed.file_error]
        return _page(org, upload_form=form, status=400)
    import_form = ImportForm(formdata=None)
    import_form.payload.data = _payload(parsed)
    return render_template("griffie/import_preview.html", org=org, parsed=parsed,
                           filename=file.filename, import_form=import_form)


def _read_payload(raw: str) -> tuple[list[tuple[int, list[str]]], int]:
    try:
        data: Any = json.loads(raw)
        rows = [(int(number), [str(c) for c in cells][:3]) for number, cells in data["rows"]]
        return rows, int(data["errors"])
    except (ValueError, TypeError, KeyError):
        abort(400)


@bp.post("/<int:org_id>/uitnodigingen/importeren")
@griffie_roles
def import_file(org_id: int) -> ResponseReturnValue:
    """Import a previewed file: all lines, or explicitly only the valid ones."""
    org = managed_organisation(org_id)
    form = ImportForm()
    if not form.validate_on_submit():
        abort(400)
    rows, earlier_errors = _read_payload(form.payload.data or "")
    only_valid = form.only_valid.data == "1"
    # check again: an address may have got an account since the preview
    parsed = validate_rows(rows, service.existing_emails())
    if (parsed.errors or earlier_errors) and not only_valid:
        flash(_("Er is niets geïmporteerd: het bestand bevat fouten. Verbeter ze, of kies "
                "uitdrukkelijk \"Alleen de geldige regels importeren\"."), "error")
        return redirect(url_for(".invitations", org_id=org.id))
    sent = service.invite_lines(org, actor(), parsed.lines)
    db.session.commit()
    flash(_("%(n)s leden uitgenodigd.", n=len(sent)), "success")
    return redirect(url_for(".invitations", org_id=org.id))


def _invitation(org: Organisation, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != org.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    return invitation


@bp.post("/<int:org_id>/uitnodigingen/<int:invitation_id>/opnieuw")
@griffie_roles
def resend(org_id: int, invitation_id: int) -> ResponseReturnValue:
    """Send a fresh link; the earlier one stops working."""
    org = managed_organisation(org_id)
    invitation = _invitation(org, invitation_id)
    if service.resend(invitation, actor()):
        db.session.commit()
        flash(_("De uitnodiging is opnieuw verstuurd naar %(email)s; de vorige link werkt niet "
                "meer.", email=invitation.email), "success")
    else:
        flash(_("Deze uitnodiging is al geaccepteerd of ingetrokken."), "error")
    return redirect(url_for(".invitations", org_id=org.id))


@bp.post("/<int:org_id>/uitnodigingen/<int:invitation_id>/intrekken")
@griffie_roles
def revoke(org_id: int, invitation_id: int) -> ResponseReturnValue:
    """Withdraw an invitation that was not accepted; the link stops working."""
    org = managed_organisation(org_id)
    invitation = _invitation(org, invitation_id)
    if service.revoke(invitation):
        db.session.commit()
        flash(_("De uitnodiging voor %(email)s is ingetrokken; de link werkt niet meer.",
                email=invitation.email), "success")
    else:
        flash(_("Deze uitnodiging is al geaccepteerd of ingetrokken."), "error")
    return redirect(url_for(".invitations", org_id=org.id))
