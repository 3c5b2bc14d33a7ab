"""Beheerder operations on organisations and accounts: they change state and flush."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select

from learnplatform.auth.models import Organisation, OrganisationKind, Role, User, UserRole
from learnplatform.auth.services import create_user, find_user_by_email, send_password_link
from learnplatform.auth.signals import announce_access_changed
from learnplatform.extensions import db
from learnplatform.web.text import clean_text

PER_PAGE = 25


def list_organisations() -> list[Organisation]:
    """All organisations by name."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def organisation_name_taken(name: str, exclude_id: int | None = None) -> bool:
    """True if another organisation already has this name (case-insensitive)."""
    stmt = select(Organisation.id).where(func.lower(Organisation.name) == name.strip().lower())
    if exclude_id is not None:
        stmt = stmt.where(Organisation.id != exclude_id)
    return db.session.scalars(stmt).first() is not None


def save_organisation(org: Organisation | None, name: str, kind: OrganisationKind) -> Organisation:
    """Create (org None) or update an organisation."""
    if org is None:
        org = Organisation(name=name.strip(), kind=kind)
        db.session.add(org)
    else:
        org.name = name.strip()
        org.kind = kind
    db.session.flush()
    return org


def member_counts() -> dict[int, int]:
    """Number of accounts per organisation id."""
    rows = db.session.execute(
        select(User.organisation_id, func.count(User.id)).group_by(User.organisation_id)
    )
    return {org_id: count for org_id, count in rows if org_id is not None}


def search_users(
    text: str = "", organisation_id: int | None = None, role: Role | None = None, page: int = 1
) -> Pagination:
    """A page of users matching the filters, ordered by name."""
    stmt = select(User).order_by(func.lower(User.name), User.id)
    if text.strip():
        pattern = f"%{text.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(User.name).like(pattern),
                              func.lower(User.email).like(pattern)))
    if organisation_id is not None:
        stmt = stmt.where(User.organisation_id == organisation_id)
    if role is not None:
        stmt = stmt.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)


def email_taken(email: str, exclude_id: int | None = None) -> bool:
    """True if another account already uses this e-mail address."""
    user = find_user_by_email(email)
    return user is not None and user.id != exclude_id


def invite_user(
    name: str, email: str, organisation: Organisation | None, roles: set[Role]
) -> User:
    """Create an account without a usable password and mail a link to choose one."""
    user = create_user(email, name, secrets.token_urlsafe(32), roles, organisation=organisation)
    send_password_link(user, "welcome")
    return user


def update_user(
    actor: User, user: User, name: str, email: str, organisation: Organisation | None,
    roles: set[Role],
) -> str | None:
    """Change an account; returns a translated reason when the change is refused."""
    if actor.id == user.id and Role.BEHEERDER not in roles:
        return str(_("Je kunt je eigen rol beheerder niet afnemen."))
    if set(user.roles) != roles:
        announce_access_changed(user.id)
    user.name = clean_text(name).strip()
    user.email = email.strip().lower()
    user.organisation = organisation
    user.set_roles(roles)
    db.session.flush()
    return None


def set_active(actor: User, user: User, active: bool) -> str | None:
    """(De)activate an account; returns a translated reason when refused."""
    if actor.id == user.id and not active:
        return str(_("Je kunt je eigen account niet deactiveren."))
    if not active:
        announce_access_changed(user.id)
    user.active = active
    db.session.flush()
    return None
