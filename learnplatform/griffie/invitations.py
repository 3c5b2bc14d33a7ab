"""Invitations: the griffie creates members' accounts and mails each a link to choose a password.

The account and the link are the ordinary ones of `learnplatform.auth` (a welcome token that
expires after ACCOUNT_INVITE_MAX_AGE, 7 days, and works once). Resending gives the account a new
random password first, so an older link stops working; revoking an invitation that was never
accepted deletes the unused account. Services change state and flush; the caller commits.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from learnplatform.auth.models import Organisation, Role, User
from learnplatform.auth.services import (
    create_user,
    delete_account,
    external_url,
    find_user_by_email,
)
from learnplatform.auth.tokens import make_password_token
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie import roles
from learnplatform.griffie.models import Invitation, Membership, OrganisationSettings
from learnplatform.griffie.upload import Line
from learnplatform.mail import send_mail


def invite_days() -> int:
    """How many days an invitation link works (the welcome token's lifetime)."""
    return int(current_app.config.get("ACCOUNT_INVITE_MAX_AGE", 7 * 24 * 3600)) // 86400


def existing_emails() -> set[str]:
    """Every e-mail address that already has an account (lower case)."""
    return {email.lower() for email in db.session.scalars(select(User.email))}


def invite(org: Organisation, inviter: User, name: str, email: str, office_role: str) -> Invitation:
    """Create the member's account in `org` and mail the invitation."""
    platform_roles = {Role.DEELNEMER} | ({Role.GRIFFIER} if office_role == "griffier" else set())
    user = create_user(email, name, None, platform_roles, organisation=org)
    db.session.add(Membership(user_id=user.id, office_role=office_role))
    now = utcnow()
    invitation = Invitation(
        organisation_id=org.id, user_id=user.id, invited_by_id=inviter.id, name=user.name,
        email=user.email, office_role=office_role, created_at=now, sent_at=now,
        expires_at=now + timedelta(days=invite_days()),
    )
    db.session.add(invitation)
    db.session.flush()
    send_invitation_mail(invitation, user, inviter, org)
    return invitation


def invite_lines(org: Organisation, inviter: User, lines: list[Line]) -> list[Invitation]:
    """Invite every line of a checked file (all in the caller's transaction)."""
    return [invite(org, inviter, line.name, line.email, line.office_role) for line in lines]


def status(invitation: Invitation) -> str:
    """accepted, revoked, expired or open."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    return "expired" if invitation.expires_at <= utcnow() else "open"


def resend(invitation: Invitation, inviter: User) -> bool:
    """Send a fresh link (the old one stops working); False when accepted or revoked."""
    user = db.session.get(User, invitation.user_id) if invitation.user_id else None
    if user is None or status(invitation) in {"accepted", "revoked"}:
        return False
    user.set_unusable_password()  # a new fingerprint: the old link stops working
    now = utcnow()
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=invite_days())
    org = db.session.get(Organisation, invitation.organisation_id)
    db.session.flush()
    if org is not None:
        send_invitation_mail(invitation, user, inviter, org)
    return True


def revoke(invitation: Invitation) -> bool:
    """Withdraw an invitation not yet accepted: its link stops and the unused account goes."""
    if status(invitation) in {"accepted", "revoked"}:
        return False
    user = db.session.get(User, invitation.user_id) if invitation.user_id else None
    invitation.revoked_at = utcnow()
    invitation.user_id = None
    db.session.flush()
    if user is not None:
        delete_account(user)
    return True


def mark_accepted(user: User) -> None:
    """The member chose a password: their open invitation counts as accepted."""
    for invitation in db.session.scalars(select(Invitation).where(
            Invitation.user_id == user.id, Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None))):
        invitation.accepted_at = utcnow()
    db.session.flush()


def organisation_invitations(org: Organisation) -> list[Invitation]:
    """The organisation's invitations, newest first."""
    return list(db.session.scalars(select(Invitation).where(
        Invitation.organisation_id == org.id).order_by(Invitation.created_at.desc(),
                                                       Invitation.id.desc())))


def contact_lines(org: Organisation, inviter: User | None) -> list[str]:
    """How to reach the griffie: its settings, else the inviting griffier's address."""
    settings = db.session.get(OrganisationSettings, org.id)
    lines = []
    if settings is not None:
        lines += [value for value in (settings.contact_name, settings.contact_email,
                                      settings.contact_phone) if value]
    if not lines and inviter is not None:
        lines.append(f"{inviter.name}, {inviter.email}")
    return lines


def send_invitation_mail(invitation: Invitation, user: User, inviter: User,
                         org: Organisation) -> None:
    """Who invites whom, for which organisation, what the platform is, how to reach the griffie."""
    link = external_url("auth.set_password", token=make_password_token(user, "welcome"))
    with force_locale(user.locale or str(current_app.config["BABEL_DEFAULT_LOCALE"])):
        role = roles.label(invitation.office_role)
        subject = _("Uitnodiging van de griffie van %(org)s voor het leerplatform Integriteit & "
                    "Veiligheid", org=org.name)
        contact = "\n".join(f"  {line}" for line in contact_lines(org, inviter))
        parts = [
            _("Beste %(name)s,", name=user.name),
            _("%(inviter)s van de griffie van %(org)s nodigt je uit als %(role)s voor het "
              "leerplatform Integriteit & Veiligheid.", inviter=inviter.name, org=org.name,
              role=role),
            _("Het leerplatform is de training integriteit en veiligheid voor politieke "
              "ambtsdragers van gemeenten, provincies en waterschappen. Je volgt er korte modules "
              "in je eigen tempo en doet mee aan dilemmasessies. Je antwoorden en reflecties ziet "
              "alleen jij; de griffie ziet alleen welke modules je hebt afgerond."),
            _("Kies je wachtwoord met deze link; daarna log je in met je e-mailadres %(email)s:",
              email=user.email) + f"\n{link}",
            _("De link werkt %(days)s dagen en één keer. Verlopen? Vraag de griffie om een nieuwe "
              "uitnodiging.", days=invite_days()),
            _("Twijfel je of deze e-mail echt van de griffie komt? Klik dan niet op de link, maar "
              "neem contact op met de griffie:") + f"\n{contact}",
            _("We vragen je nooit om je wachtwoord, per e-mail of telefoon."),
            _("Met vriendelijke groet,") + f"\n{inviter.name}\n" + _("Griffie %(org)s",
                                                                      org=org.name),
        ]
    send_mail(user.email, subject, "\n\n".join(parts) + "\n")


def find_existing(email: str) -> User | None:
    """The account with this address, if any."""
    return find_user_by_email(email)
