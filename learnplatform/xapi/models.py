"""The xAPI outbox: every learning record waits here until an LRS has it (at least once).

A statement's id is its UUID, so delivering it again is harmless: the LRS keeps one copy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from learnplatform.db_types import UTCDateTime, utcnow
from learnplatform.extensions import Base


class XapiStatement(Base):
    """One xAPI 1.0.3 statement about a member of an organisation, and its delivery state."""

    __tablename__ = "xapi_statement"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    # the person it is about (for erasure with the account); the statement names them only by
    # an organisation-scoped pseudonym
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True)
    verb: Mapped[str] = mapped_column(String(40))
    statement: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None,
                                                          index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_error: Mapped[str | None] = mapped_column(String(300), default=None)

