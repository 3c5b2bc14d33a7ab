"""Griffie tables: office roles, invitations, organisation settings, trainer requests, reminders.

None of these tables holds an answer, a reflection, a self-scan score or a vote: the griffie works
with completion facts only (see docs/privacy.md). Per-person rows cascade on account deletion.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learnplatform.db_types import UTCDateTime, enum_column, utcnow
from learnplatform.extensions import Base

USER_FK = "user.id"
ORG_FK = "organisation.id"


class Membership(Base):
    """The office a member holds in their organisation (raadslid, wethouder, ...)."""

    __tablename__ = "griffie_membership"

    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), primary_key=True)
    office_role: Mapped[str] = mapped_column(String(40))


class Invitation(Base):
    """An invitation sent by a griffier; the account exists from the moment it is sent."""

    __tablename__ = "griffie_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey(ORG_FK, ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey(USER_FK, ondelete="CASCADE"), index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    office_role: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class OrganisationSettings(Base):
    """What the griffie asks of its members: a deadline and how to reach the griffie."""

    __tablename__ = "griffie_settings"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey(ORG_FK, ondelete="CASCADE"), primary_key=True
    )
    deadline: Mapped[date | None] = mapped_column(Date(), default=None)
    contact_name: Mapped[str | None] = mapped_column(String(200), default=None)
    contact_email: Mapped[str | None] = mapped_column(String(254), default=None)
    contact_phone: Mapped[str | None] = mapped_column(String(40), default=None)


class ExpectedTrack(Base):
    """A track the griffie expects of every member holding an office role."""

    __tablename__ = "griffie_expected_track"
    __table_args__ = (UniqueConstraint("organisation_id", "office_role", "track_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey(ORG_FK, ondelete="CASCADE"), index=True
    )
    office_role: Mapped[str] = mapped_column(String(40))
    track_id: Mapped[str] = mapped_column(String(80))


class RequestStatus(enum.StrEnum):
    """Where a request for the trainer role stands."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class TrainerRequest(Base):
    """A griffier's request for the trainer role after the train-the-trainer track."""

    __tablename__ = "griffie_trainer_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), index=True)
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus), default=RequestStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    # the requester dismissed the decision notice on their dashboard
    notice_dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class ReminderSent(Base):
    """A reminder that went out, so each one is sent at most once."""

    __tablename__ = "griffie_reminder_sent"
    __table_args__ = (UniqueConstraint("user_id", "kind", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str] = mapped_column(String(120))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DigestSubscription(Base):
    """A griffier who asked for the weekly digest."""

    __tablename__ = "griffie_digest_subscription"

    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
