"""Who may build and steer live sessions: the one place for that rule (views and socket alike).

Trainers run real sessions. A griffier on the train-the-trainer track may build and steer
rehearsals (sessions with simulated participants) before being granted the trainer role; once a
beheerder approves their request (`learnplatform.griffie.trainer`) the griffier holds the trainer
role and runs real sessions, for their own organisation only. Only the owner of a session steers it.
"""

from __future__ import annotations

from typing import Any

from learnplatform.auth.models import Role
from learnplatform.auth.permissions import is_allowed
from learnplatform.live.models import LiveSession

BUILDER_ROLES = (Role.TRAINER, Role.GRIFFIER)


def may_build(user: Any) -> bool:
    """May open the session builder and list their own sessions."""
    return is_allowed(user, *BUILDER_ROLES)


def rehearsals_only(user: Any) -> bool:
    """True for a builder who may only make rehearsals (a griffier who is not a trainer)."""
    return may_build(user) and not is_allowed(user, Role.TRAINER)


def may_steer(user: Any, session: LiveSession) -> bool:
    """May open the presenter and control views of this session and send it commands."""
    if not may_build(user) or session.owner_id != user.id:
        return False
    if session.simulated_participants:
        return True
    if rehearsals_only(user):
        return False
    # a griffier who became a trainer runs real sessions for their own organisation only
    if is_allowed(user, Role.GRIFFIER):
        return bool(session.organisation_id == user.organisation_id)
    return True


def may_see_records(user: Any, session: LiveSession) -> bool:
    """May see the report and the attendance list: the owner, and the griffiers of the
    session's organisation (for the organisation's files)."""
    if not is_allowed(user):
        return False
    if session.owner_id == user.id and may_build(user):
        return True
    return (session.organisation_id is not None and is_allowed(user, Role.GRIFFIER)
            and user.organisation_id == session.organisation_id)
