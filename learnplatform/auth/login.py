"""Flask-Login wiring: how a session cookie becomes a User."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from learnplatform.auth.models import User
from learnplatform.extensions import db, login_manager


def init_login(app: Flask) -> None:
    """Configure the login manager for this app."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om deze pagina te bekijken.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"


# Built once (SQLAlchemy runs a statement it has seen faster than a new one), with the roles in
# the same query: every page asks for them.
_USER_WITH_ROLES = (
    select(User).options(joinedload(User.role_rows)).where(User.id == bindparam("user_id"))
)


@login_manager.user_loader  # type: ignore[untyped-decorator]
def load_user(session_id: str) -> User | None:
    """Load the active user named by the session cookie, if their password is unchanged since."""
    user_id, _, fingerprint = session_id.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.scalars(_USER_WITH_ROLES, {"user_id": int(user_id)}).unique().first()
    if user is None or not user.active or fingerprint != user.password_fingerprint():
        return None
    return user
