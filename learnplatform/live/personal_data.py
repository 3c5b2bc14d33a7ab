"""What live sessions keep about a trainer, and what happens to it when the account is deleted.

The rule (also in docs/privacy.md):
- Sessions the trainer owned pass to their organisation: the owner is cleared, a running session
  is ended (its code is freed), the anonymous results and the attendance list stay with the
  organisation's records. A session without an organisation has nobody to pass to and is deleted.
- Dilemmas the trainer wrote stay with their organisation without an author; a dilemma without an
  organisation was visible to its author only and is deleted.
- No user id is ever reused (AUTOINCREMENT), so a new account can never inherit any of this.

Participants, votes and arguments belong to nobody and are not touched.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from learnplatform.auth.models import User
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.live.models import LiveSession, LocalDilemma


def live_personal_data(user: User) -> dict[str, Any]:
    """The trainer's sessions and own dilemmas, for the account data export."""
    sessions = db.session.scalars(
        select(LiveSession).where(LiveSession.owner_id == user.id).order_by(LiveSession.id))
    dilemmas = db.session.scalars(
        select(LocalDilemma).where(LocalDilemma.author_id == user.id).order_by(LocalDilemma.id))
    return {
        "sessions": [
            {"title": s.title, "code": s.code, "phase": s.phase,
             "rehearsal": bool(s.simulated_participants),
             "attendance_list": s.attendance_enabled,
             "dilemmas": [item.scenario_ref for item in s.items],
             "created_at": s.created_at.isoformat(),
             "ended_at": s.ended_at.isoformat() if s.ended_at else None}
            for s in sessions
        ],
        "own_dilemmas": [
            {"title": d.title, "content": d.data, "created_at": d.created_at.isoformat(),
             "archived_at": d.archived_at.isoformat() if d.archived_at else None}
            for d in dilemmas
        ],
    }


def release_live_data(user: User) -> None:
    """Apply the deletion rule above to the trainer's sessions and dilemmas (flushes)."""
    owned = LiveSession.owner_id == user.id
    db.session.execute(delete(LiveSession).where(owned, LiveSession.organisation_id.is_(None)))
    db.session.execute(update(LiveSession).where(owned, LiveSession.ended_at.is_(None))
                       .values(ended_at=utcnow()))
    db.session.execute(update(LiveSession).where(owned).values(owner_id=None))
    authored = LocalDilemma.author_id == user.id
    db.session.execute(delete(LocalDilemma).where(authored,
                                                  LocalDilemma.organisation_id.is_(None)))
    db.session.execute(update(LocalDilemma).where(authored).values(author_id=None))
    db.session.flush()
