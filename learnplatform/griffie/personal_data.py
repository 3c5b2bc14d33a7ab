"""What the griffie keeps about a person: in the data export, and erased with the account."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from learnplatform.auth.models import User
from learnplatform.extensions import db
from learnplatform.griffie.models import (
    DigestSubscription,
    Invitation,
    Membership,
    ReminderSent,
    TrainerRequest,
)


def griffie_personal_data(user: User) -> dict[str, Any]:
    """Office role, invitation, trainer requests, reminders sent and the digest choice."""
    membership = db.session.get(Membership, user.id)
    invitations = db.session.scalars(select(Invitation).where(Invitation.user_id == user.id))
    requests = db.session.scalars(select(TrainerRequest).where(TrainerRequest.user_id == user.id))
    reminders = db.session.scalars(select(ReminderSent).where(ReminderSent.user_id == user.id))
    return {
        "office_role": membership.office_role if membership else None,
        "invitations": [{"sent_at": i.sent_at.isoformat(), "office_role": i.office_role,
                         "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None}
                        for i in invitations],
        "trainer_requests": [{"status": r.status.value, "created_at": r.created_at.isoformat(),
                              "reason": r.reason} for r in requests],
        "reminders_sent": [{"kind": r.kind, "ref": r.ref, "sent_at": r.sent_at.isoformat()}
                           for r in reminders],
        "weekly_digest": db.session.get(DigestSubscription, user.id) is not None,
    }


def erase_griffie_data(user: User) -> None:
    """Delete the person's griffie rows (for databases that do not enforce the FK cascade)."""
    for model in (Membership, Invitation, TrainerRequest, ReminderSent, DigestSubscription):
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.execute(update(Invitation).where(Invitation.invited_by_id == user.id)
                       .values(invited_by_id=None))
    db.session.execute(update(TrainerRequest).where(TrainerRequest.decided_by_id == user.id)
                       .values(decided_by_id=None))
    db.session.flush()
