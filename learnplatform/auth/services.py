"""Account services: they change state and flush; callers commit."""

from __future__ import annotations

from sqlalchemy import func, select

from learnplatform.auth.models import Organisation, Role, User
from learnplatform.extensions import db


def find_user_by_email(email: str) -> User | None:
    """Look a user up by e-mail address, case-insensitively."""
    return db.session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).first()


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = find_user_by_email(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def create_user(
    email: str,
    name: str,
    password: str,
    roles: set[Role],
    organisation: Organisation | None = None,
) -> User:
    """Create a user with the given roles and flush it."""
    user = User(email=email.strip().lower(), name=name.strip(), organisation=organisation)
    user.set_password(password)
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    return user
