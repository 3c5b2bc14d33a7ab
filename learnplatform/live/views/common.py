"""The live blueprint and what its views share: role decorators and the owned-session lookup."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from learnplatform.auth.models import Role
from learnplatform.auth.permissions import roles_required
from learnplatform.extensions import db
from learnplatform.live import access
from learnplatform.live.models import LiveSession

bp = Blueprint("live", __name__, url_prefix="/live")
trainer_only = roles_required(Role.TRAINER)
builders = roles_required(*access.BUILDER_ROLES)  # trainers, and griffiers for rehearsals


def owned_session(session_id: int) -> LiveSession:
    """The session with this id if the current user may steer it; 404 or 403 otherwise."""
    session = db.session.get(LiveSession, session_id)
    if session is None:
        abort(404)
    if not access.may_steer(current_user, session):
        abort(403)
    return session
