"""Reminders, each sent at most once: a member whose expected track is overdue, a certificate that
expires in 90 or in 30 days, and the weekly digest for griffiers who asked for it.

`due()` works out what should go out now and leaves out what `griffie_reminder_sent` says was
sent; `send()` mails and records each one (the caller commits). Run by `flask --app learnplatform
reminders send [--dry-run]` from cron or a systemd timer (docs/deploy.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from learnplatform.auth.models import Organisation, Role, User
from learnplatform.auth.services import external_url
from learnplatform.content.registry import ContentRegistry
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie import settings
from learnplatform.griffie.invitations import contact_lines
from learnplatform.griffie.models import (
    DigestSubscription,
    Invitation,
    Membership,
    OrganisationSettings,
    ReminderSent,
)
from learnplatform.learning.models import Certificate, CertificateKind, ModuleCompletion
from learnplatform.mail import send_mail

LOCAL = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Reminder:
    """One message to send: to whom, which kind, about what, and the text."""

    user: User
    kind: str
    ref: str
    subject: str
    body: str


def _already_sent() -> set[tuple[int, str, str]]:
    return {(r.user_id, r.kind, r.ref) for r in db.session.scalars(select(ReminderSent))}


def _locale(user: User) -> str:
    return user.locale or str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _footer(user: User) -> str:
    org = db.session.get(Organisation, user.organisation_id) if user.organisation_id else None
    lines = contact_lines(org, None) if org else []
    text = _("Je leeromgeving: %(link)s", link=external_url("learning.dashboard"))
    if lines:
        text += "\n" + _("Vragen? Neem contact op met de griffie:") + "\n" + "\n".join(
            f"  {line}" for line in lines)
    return str(text)


def _overdue(content: ContentRegistry, now: datetime) -> Iterator[Reminder]:
    today = now.astimezone(LOCAL).date()
    for org_settings in db.session.scalars(select(OrganisationSettings).where(
            OrganisationSettings.deadline.is_not(None), OrganisationSettings.deadline < today)):
        org = db.session.get(Organisation, org_settings.organisation_id)
        deadline = org_settings.deadline
        if org is None or deadline is None:
            continue
        for user in db.session.scalars(select(User).join(Membership, Membership.user_id == User.id)
                                       .where(User.organisation_id == org.id,
                                              User.active.is_(True))):
            for expected in settings.member_expectations(user, content):
                if expected.completed:
                    continue
                with force_locale(_locale(user)):
                    subject = _("Herinnering: %(track)s", track=expected.track.title)
                    body = "\n\n".join([
                        _("Beste %(name)s,", name=user.name),
                        _("De griffie van %(org)s vroeg je het leertraject %(track)s af te ronden "
                          "vóór %(date)s. Je hebt het nog niet afgerond; je kunt verder waar je "
                          "gebleven was.", org=org.name, track=expected.track.title,
                          date=format_date(deadline, "d MMMM yyyy")),
                        _footer(user)])
                yield Reminder(user, "overdue", f"{expected.track.id}:{deadline.isoformat()}",
                               subject, body + "\n")


def _expiring(now: datetime) -> Iterator[Reminder]:
    latest: dict[tuple[int, str], Certificate] = {}
    for certificate in db.session.scalars(select(Certificate).where(
            Certificate.kind == CertificateKind.TRACK).order_by(Certificate.issued_at,
                                                                  Certificate.id)):
        latest[(certificate.user_id, certificate.ref_id)] = certificate
    for certificate in latest.values():
        until = certificate.valid_until
        if until is None or until <= now or until - now > timedelta(days=90):
            continue
        kind = "expiry30" if until - now <= timedelta(days=30) else "expiry90"
        user = db.session.get(User, certificate.user_id)
        if user is None or not user.active:
            continue
        with force_locale(_locale(user)):
            date = format_date(until.astimezone(LOCAL).date(), "d MMMM yyyy")
            subject = _("Je certificaat %(title)s verloopt op %(date)s", title=certificate.title,
                        date=date)
            body = "\n\n".join([
                _("Beste %(name)s,", name=user.name),
                _("Je certificaat %(title)s is geldig tot %(date)s. Doe het traject opnieuw om het "
                  "te vernieuwen; daarna is het weer een volledige periode geldig.",
                  title=certificate.title, date=date),
                _footer(user)])
        yield Reminder(user, kind, f"{certificate.ref_id}:{until.date().isoformat()}", subject,
                       body + "\n")


def _digests(content: ContentRegistry, now: datetime) -> Iterator[Reminder]:
    year, week, _day = now.astimezone(LOCAL).isocalendar()
    since = now - timedelta(days=7)
    for user in db.session.scalars(select(User).join(
            DigestSubscription, DigestSubscription.user_id == User.id).where(
            User.active.is_(True), User.organisation_id.is_not(None))):
        org = db.session.get(Organisation, user.organisation_id)
        if org is None or not user.has_role(Role.GRIFFIER):
            continue
        members = select(User.id).where(User.organisation_id == org.id)
        completed = db.session.scalar(select(func.count(ModuleCompletion.id)).where(
            ModuleCompletion.user_id.in_(members), ModuleCompletion.completed_at >= since)) or 0
        open_invites = db.session.scalar(select(func.count(Invitation.id)).where(
            Invitation.organisation_id == org.id, Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None), Invitation.expires_at > now)) or 0
        overdue = sum(1 for member in db.session.scalars(select(User).where(
            User.id.in_(members), User.active.is_(True)))
            if any(e.overdue for e in settings.member_expectations(member, content)))
        with force_locale(_locale(user)):
            subject = _("Weekoverzicht griffie %(org)s", org=org.name)
            body = "\n\n".join([
                _("Beste %(name)s,", name=user.name),
                _("Afgelopen week in %(org)s: %(completed)s modules afgerond; %(overdue)s leden "
                  "zijn over de datum voor een verwacht traject; %(open)s uitnodigingen staan nog "
                  "open.", org=org.name, completed=completed, overdue=overdue,
                  open=open_invites),
                external_url("griffie.members", org_id=org.id),
                _("Je krijgt dit overzicht omdat je het hebt aangezet bij de instellingen van de "
                  "griffie; daar zet je het ook uit.")])
        yield Reminder(user, "digest", f"{year}-W{week:02d}", subject, body + "\n")


def due(content: ContentRegistry, now: datetime | None = None) -> list[Reminder]:
    """Every reminder that should go out now and has not been sent before."""
    now = now or utcnow()
    sent = _already_sent()
    found: list[Reminder] = []
    for reminder in [*_overdue(content, now), *_expiring(now), *_digests(content, now)]:
        key = (reminder.user.id, reminder.kind, reminder.ref)
        if key in sent:
            continue
        sent.add(key)
        found.append(reminder)
    return found


def record(reminder: Reminder) -> None:
    """Note that the reminder goes out (its mail leaves with the caller's commit: at most once)."""
    db.session.add(ReminderSent(user_id=reminder.user.id, kind=reminder.kind, ref=reminder.ref))
    db.session.flush()


def deliver(reminder: Reminder) -> None:
    """Mail a recorded reminder."""
    send_mail(reminder.user.email, reminder.subject, reminder.body)
