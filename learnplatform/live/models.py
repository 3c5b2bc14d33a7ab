"""Tables of live dilemma sessions.

Anonymity by construction: no table here references a user except the session owner and the
author of a local dilemma (both trainers). A participant is a random token, stored only as its
SHA-256 hash; votes reference the participant, arguments reference nobody, attendance names are
stored apart without any token.
"""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnplatform.db_types import (
    RandomIdType,
    UTCDateTime,
    enum_column,
    random_id,
    this_hour,
    utcnow,
)
from learnplatform.extensions import Base
from learnplatform.live.engine import RoundStatus


class ArgumentStatus(enum.StrEnum):
    """Moderation state of an argument sent by a participant."""

    PENDING = "pending"
    SHOWN = "shown"
    HIDDEN = "hidden"


class LiveSession(Base):
    """A live dilemma session run by a trainer; its engine state is kept as JSON."""

    __tablename__ = "live_session"
    __table_args__ = (
        # A code is unique among sessions that have not ended; ended sessions free their code.
        Index(
            "uq_live_session_active_code",
            "code",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        {"sqlite_autoincrement": True},  # ids are never reused
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6))
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    attendance_enabled: Mapped[bool] = mapped_column(default=False)
    default_timer: Mapped[int | None] = mapped_column(Integer, default=None)
    # A rehearsal: this many simulated participants (the session's first participant rows) vote
    # whenever a vote opens, so a trainer can practise alone. None for a real session.
    simulated_participants: Mapped[int | None] = mapped_column(Integer, default=None)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    timer_ends_at: Mapped[float | None] = mapped_column(Float, default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    items: Mapped[list[SessionItem]] = relationship(
        order_by="SessionItem.position", cascade="all, delete-orphan"
    )

    @property
    def phase(self) -> str:
        """The engine phase, for listings."""
        return str(self.state.get("phase", "lobby"))


class SessionItem(Base):
    """One dilemma of a session, in order: a file scenario id or `local:<id>`."""

    __tablename__ = "live_session_item"
    __table_args__ = (UniqueConstraint("session_id", "position"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    scenario_ref: Mapped[str] = mapped_column(String(100))


class LocalDilemma(Base):
    """A dilemma written by a trainer for their organisation, validated as a `Scenario`.

    Immutable once saved (see `archived_at`), so a cached copy can never go stale.
    """

    __tablename__ = "live_local_dilemma"
    __table_args__ = {"sqlite_autoincrement": True}  # ids are never reused

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A saved dilemma never changes, so sessions that use it keep what they showed: editing
    # stores a new row and archives this one; deleting only archives it.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Participant(Base):
    """An anonymous participant: only the SHA-256 hash of a random token, no user link.

    Its id is random and its time is cut to the hour, so neither orders participants by arrival
    (which an attendance list, or a log, could otherwise be paired with).
    """

    __tablename__ = "live_participant"
    __table_args__ = (UniqueConstraint("session_id", "token_hash"),)

    id: Mapped[int] = mapped_column(RandomIdType, primary_key=True, autoincrement=False,
                                    default=random_id)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=this_hour)


class VoteRound(Base):
    """One vote on a dilemma; mirrors a round of the engine state."""

    __tablename__ = "live_vote_round"
    __table_args__ = (UniqueConstraint("session_id", "key"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(20))
    item: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    variation_id: Mapped[str | None] = mapped_column(String(80), default=None)
    status: Mapped[RoundStatus] = mapped_column(
        enum_column(RoundStatus), default=RoundStatus.PENDING
    )
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Vote(Base):
    """One participant's choice in one round; changing it updates this row.

    Random id and a time cut to the hour: the rows keep no order of voting.
    """

    __tablename__ = "live_vote"
    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)

    id: Mapped[int] = mapped_column(RandomIdType, primary_key=True, autoincrement=False,
                                    default=random_id)
    round_id: Mapped[int] = mapped_column(ForeignKey("live_vote_round.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        RandomIdType, ForeignKey("live_participant.id", ondelete="CASCADE"), index=True
    )
    option_id: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=this_hour)


class Argument(Base):
    """A short anonymous argument; deliberately linked to no participant and no user.

    Its time is cut to the hour (its id keeps the moderation queue in order of arrival).
    """

    __tablename__ = "live_argument"
    __table_args__ = {"sqlite_autoincrement": True}  # ids are never reused

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_session.id", ondelete="CASCADE"), index=True
    )
    round_key: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(280))
    status: Mapped[ArgumentStatus] = mapped_column(
        enum_column(ArgumentStatus), default=ArgumentStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=this_hour)


def _opaque_id() -> str:
    return secrets.token_urlsafe(16)


class AttendanceEntry(Base):
    """A name (and optional role) on the attendance list, unlinkable to a participant or vote.

    No token, no participant id and no time: the row id is random (so id order says nothing
    about joining order), the date is the session's, and SQLite stores the rows in id order
    (WITHOUT ROWID), not in the order they arrived. Lists are shown alphabetically.
    """

    __tablename__ = "live_attendance"
    __table_args__ = {"sqlite_with_rowid": False}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_opaque_id)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_session.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(40), default=None)
