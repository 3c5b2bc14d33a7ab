"""Account services: they change state and flush; callers commit."""

from __future__ import annotations

import secrets
from functools import cache
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from learnplatform.auth.models import Organisation, Role, User, UserRole
from learnplatform.auth.personal_data import erase_user_data
from learnplatform.auth.signals import announce_access_changed, password_chosen
from learnplatform.auth.tokens import Purpose, make_password_token
from learnplatform.extensions import db
from learnplatform.mail import send_mail
from learnplatform.web.text import clean_text


def find_user_by_email(email: str) -> User | None:
    """Look a user up by e-mail address, case-insensitively."""
    return db.session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).first()


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None.

    An unknown address costs the same password hash as a known one, so the answer's timing does
    not tell whether an account exists.
    """
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


@cache
def _dummy_hash() -> str:
    """A hash made like real ones (same method and cost), of a password nobody has."""
    return generate_password_hash(secrets.token_urlsafe(16))


def create_user(
    email: str,
    name: str,
    password: str | None,
    roles: set[Role],
    organisation: Organisation | None = None,
) -> User:
    """Create a user with the given roles and flush it (no usable password when None)."""
    user = User(email=email.strip().lower(), name=clean_text(name).strip(),
                organisation=organisation)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    return user


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL for links in e-mail; PUBLIC_URL wins over the request's host."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        if not has_request_context():  # a CLI command (reminders): no request to build from
            with current_app.test_request_context():
                return str(public).rstrip("/") + url_for(endpoint, **values)
        return str(public).rstrip("/") + url_for(endpoint, **values)
    if not has_request_context():
        with current_app.test_request_context():
            return url_for(endpoint, _external=True, **values)
    return url_for(endpoint, _external=True, **values)


def _mail_locale(user: User) -> str:
    return user.locale or str(current_app.config["BABEL_DEFAULT_LOCALE"])


def send_password_link(user: User, purpose: Purpose = "reset") -> None:
    """Mail `user` a link to set a password (a reset, or the first password of a new account)."""
    link = external_url("auth.set_password", token=make_password_token(user, purpose))
    with force_locale(_mail_locale(user)):
        greeting = _("Beste %(name)s,", name=user.name)
        if purpose == "welcome":
            subject = _("Je account voor het leerplatform Integriteit & Veiligheid")
            intro = _("Er is een account voor je aangemaakt op het leerplatform Integriteit & "
                      "Veiligheid voor politieke ambtsdragers. Kies met deze link je wachtwoord:")
            days = int(current_app.config.get("ACCOUNT_INVITE_MAX_AGE", 604800)) // 86400
            validity = _("De link werkt %(days)s dagen en maar één keer.", days=days)
            closing = _("Vragen over dit account? Neem contact op met de griffie of de beheerder "
                        "van je organisatie.")
        else:
            subject = _("Nieuw wachtwoord instellen")
            intro = _("Je hebt gevraagd om een nieuw wachtwoord. Kies het met deze link:")
            hours = int(current_app.config["PASSWORD_RESET_MAX_AGE"]) // 3600
            validity = _("De link werkt %(hours)s uur en maar één keer.", hours=hours)
            closing = _("Heb je hier niet om gevraagd? Dan kun je deze e-mail negeren.")
        body = f"{greeting}\n\n{intro}\n\n{link}\n\n{validity}\n{closing}\n"
    send_mail(user.email, subject, body)


def request_password_reset(email: str) -> None:
    """Mail a reset link when an active account has this address; silent otherwise."""
    user = find_user_by_email(email)
    if user is not None and user.active:
        send_password_link(user, "reset")


def set_new_password(user: User, password: str) -> None:
    """Replace the password (this also invalidates outstanding password links)."""
    user.set_password(password)
    db.session.flush()
    password_chosen.send(user)


def change_password(user: User, current: str, new: str) -> bool:
    """Change the password after checking the current one; False if that check fails."""
    if not user.check_password(current):
        return False
    set_new_password(user, new)
    return True


def update_profile(user: User, name: str, locale: str) -> None:
    """Change the display name and interface language."""
    user.name = clean_text(name).strip()
    user.locale = locale
    db.session.flush()


def is_last_beheerder(user: User) -> bool:
    """True if `user` is the only active beheerder left (so the platform would have none)."""
    if not user.has_role(Role.BEHEERDER):
        return False
    others = db.session.scalars(
        select(func.count(User.id))
        .join(UserRole)
        .where(UserRole.role == Role.BEHEERDER, User.active.is_(True), User.id != user.id)
    ).one()
    return others == 0


def delete_account(user: User) -> None:
    """Delete the account and, through the personal-data registry, everything about the person."""
    announce_access_changed(user.id)
    erase_user_data(user)
    db.session.delete(user)
    db.session.flush()
