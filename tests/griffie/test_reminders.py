"""`flask reminders send`: overdue tracks, certificates expiring in 90 and 30 days, the weekly
digest for griffiers who asked for it; each reminder at most once."""

from __future__ import annotations

from datetime import date, timedelta

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from learnplatform import mail
from learnplatform.auth.models import User
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie.models import (
    DigestSubscription,
    ExpectedTrack,
    OrganisationSettings,
    ReminderSent,
)
from learnplatform.learning.models import Certificate
from tests.griffie.conftest import TRACK


def _expect(org_id: int, deadline: date) -> None:
    db.session.add(OrganisationSettings(organisation_id=org_id, deadline=deadline,
                                        contact_email="griffie@teststad.nl"))
    db.session.add(ExpectedTrack(organisation_id=org_id, office_role="raadslid", track_id=TRACK))
    db.session.commit()


def _mails_to(address: str) -> list[mail.Mail]:
    return [m for m in mail.outbox() if m.to == address]


def test_overdue_members_are_reminded_once(
    runner: FlaskCliRunner, griffier: User, members: dict[str, User]
) -> None:
    _expect(griffier.organisation_id or 0, utcnow().date() - timedelta(days=1))
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    overdue = _mails_to("cor@teststad.nl")
    assert len(overdue) == 1
    assert "Basis integriteit raadslid" in overdue[0].subject
    assert "griffie@teststad.nl" in overdue[0].body
    assert not [m for m in _mails_to("anna@teststad.nl") if m.subject.startswith("Herinnering")]
    assert not _mails_to("bram@teststad.nl")  # a wethouder: nothing expected
    again = runner.invoke(args=["reminders", "send"])
    assert "0 reminder(s) sent." in again.output
    assert len(_mails_to("cor@teststad.nl")) == 1


def test_no_reminder_before_the_deadline(
    runner: FlaskCliRunner, griffier: User, members: dict[str, User]
) -> None:
    _expect(griffier.organisation_id or 0, utcnow().date() + timedelta(days=1))
    runner.invoke(args=["reminders", "send"])
    assert not _mails_to("cor@teststad.nl")


def test_dry_run_lists_but_sends_and_records_nothing(
    runner: FlaskCliRunner, griffier: User, members: dict[str, User]
) -> None:
    _expect(griffier.organisation_id or 0, utcnow().date() - timedelta(days=1))
    result = runner.invoke(args=["reminders", "send", "--dry-run"])
    assert "would send: overdue" in result.output
    assert "cor@teststad.nl" in result.output
    assert mail.outbox() == []
    assert db.session.scalar(select(func.count(ReminderSent.id))) == 0


def test_expiring_certificates_get_a_90_and_a_30_day_reminder_once_each(
    runner: FlaskCliRunner, members: dict[str, User]
) -> None:
    runner.invoke(args=["reminders", "send"])  # Anna's certificate ends in 60 days
    first = _mails_to("anna@teststad.nl")
    assert len(first) == 1
    assert "verloopt op" in first[0].subject
    runner.invoke(args=["reminders", "send"])
    assert len(_mails_to("anna@teststad.nl")) == 1
    certificate = db.session.scalars(select(Certificate)).one()
    certificate.valid_until = utcnow() + timedelta(days=20)
    db.session.commit()
    runner.invoke(args=["reminders", "send"])
    runner.invoke(args=["reminders", "send"])
    assert len(_mails_to("anna@teststad.nl")) == 2
    kinds = set(db.session.scalars(select(ReminderSent.kind)))
    assert kinds == {"expiry90", "expiry30"}


def test_the_weekly_digest_goes_only_to_griffiers_who_asked(
    runner: FlaskCliRunner, griffier: User, other_griffier: User, members: dict[str, User]
) -> None:
    db.session.add(DigestSubscription(user_id=griffier.id))
    db.session.commit()
    runner.invoke(args=["reminders", "send"])
    runner.invoke(args=["reminders", "send"])
    digests = [m for m in mail.outbox() if m.subject.startswith("Weekoverzicht")]
    assert [m.to for m in digests] == [griffier.email]
    assert "modules afgerond" in digests[0].body
