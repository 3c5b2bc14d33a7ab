"""The griffie blueprint and what its views share: who is asking and which organisation."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_login import current_user

from learnplatform.auth.models import Organisation, User
from learnplatform.auth.permissions import roles_required
from learnplatform.extensions import db
from learnplatform.griffie import roles
from learnplatform.griffie.access import GRIFFIE_ROLES, may_manage

bp = Blueprint("griffie", __name__, url_prefix="/griffie")
griffie_roles = roles_required(*GRIFFIE_ROLES)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"office_label": roles.label}


def actor() -> User:
    """The logged-in user (the role decorators guarantee one)."""
    user = current_user._get_current_object()
    assert isinstance(user, User)  # noqa: S101 - guaranteed by roles_required
    return user


def managed_organisation(org_id: int) -> Organisation:
    """The organisation if the current user may manage it; 404 otherwise (nothing leaks)."""
    org = db.session.get(Organisation, org_id)
    if org is None or not may_manage(current_user, org):
        abort(404)
    return org
