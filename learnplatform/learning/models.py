"""Learning tables: per-block progress, private answers, dilemma tallies, completions, certificates.

Every per-user table cascades on user deletion. The dilemma tally holds counts only and has no
link to any user, so the platform-wide spread can never identify anyone.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learnplatform.db_types import UTCDateTime, enum_column, utcnow
from learnplatform.extensions import Base

USER_FK = "user.id"


class BlockProgress(Base):
    """A block seen (text, callout) or answered (question, reflection, self-scan, dilemma)."""

    __tablename__ = "block_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_id", "block_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(80))
    block_id: Mapped[str] = mapped_column(String(80))
    # Latest answer only: option ids of a question, scores of a self-scan; None for reading.
    answer: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True, default=None)
    correct: Mapped[bool | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Reflection(Base):
    """A private reflection; only its author ever sees it."""

    __tablename__ = "reflection"
    __table_args__ = (UniqueConstraint("user_id", "module_id", "block_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(80))
    block_id: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class DilemmaChoice(Base):
    """A learner's own (private) choice in a dilemma exercise, with an optional reason."""

    __tablename__ = "dilemma_choice"
    __table_args__ = (UniqueConstraint("user_id", "scenario_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(80))
    option_id: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class DilemmaTally(Base):
    """Platform-wide count per scenario option; deliberately without any user reference."""

    __tablename__ = "dilemma_tally"

    scenario_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    option_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class ModuleCompletion(Base):
    """The moment a user completed a module (computed at once, when the last block is done)."""

    __tablename__ = "module_completion"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(80))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CertificateKind(enum.StrEnum):
    """What a certificate was issued for."""

    MODULE = "module"
    TRACK = "track"


class Certificate(Base):
    """A certificate for a completed module or track, verifiable by its public code."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), index=True)
    kind: Mapped[CertificateKind] = mapped_column(enum_column(CertificateKind))
    ref_id: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    code: Mapped[str] = mapped_column(String(20), unique=True)
