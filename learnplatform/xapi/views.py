"""The xAPI download for the griffie (own organisation) and the beheerder (every organisation)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from learnplatform.auth.models import Organisation
from learnplatform.auth.permissions import roles_required
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie.access import GRIFFIE_ROLES, may_manage
from learnplatform.xapi import export

bp = Blueprint("xapi", __name__, url_prefix="/xapi")


@bp.get("/organisaties/<int:org_id>/statements.json")
@roles_required(*GRIFFIE_ROLES)
def download(org_id: int) -> ResponseReturnValue:
    """The organisation's statements as JSON; `?sinds=YYYY-MM-DD` limits them."""
    org = db.session.get(Organisation, org_id)
    if org is None or not may_manage(current_user, org):
        abort(404)
    raw = request.args.get("sinds", "")
    try:
        since = datetime.strptime(raw, "%Y-%m-%d").date() if raw else None
    except ValueError:
        abort(400)
    name = f"xapi-{org.id}-{utcnow():%Y-%m-%d}.json"
    return Response(export.to_json(export.statements(org.id, since)),
                    mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
