"""The participant's join over the socket, kept lean: a whole room joins within seconds.

One statement reads the sessions with the code (and, with a token, one more finds its
participant) on a connection that is returned before the per-address limit is asked: that limit's
storage (Redis, or memory with its expiry timer) may switch greenlets, and a connection held over
the switch made a filling room hold a connection per phone. A new participant is one INSERT in the
caller's transaction; the state shared by every phone comes from `snapshot.participant_state`.
The participant page (HTTP) keeps the ORM services, which follow the same rules
(`services.session_for_participant`, `services.join_participant`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from learnplatform.db_types import random_id, this_hour
from learnplatform.extensions import db
from learnplatform.live import admission, services, timers
from learnplatform.live.clock import clock_of
from learnplatform.live.engine import IllegalCommand
from learnplatform.live.models import LiveSession, Participant

_SESSION = LiveSession.__table__.c
_PARTICIPANT = Participant.__table__.c
SESSIONS_BY_CODE = (
    select(_SESSION.id, _SESSION.ended_at, _SESSION.timer_ends_at, _SESSION.state)
    .where(_SESSION.code == bindparam("code")).order_by(_SESSION.id.desc())
)
PARTICIPANT_BY_TOKEN = select(_PARTICIPANT.id).where(
    _PARTICIPANT.session_id == bindparam("session_id"),
    _PARTICIPANT.token_hash == bindparam("token_hash"))
ADD_PARTICIPANT = insert(cast(Table, Participant.__table__))


@dataclass(frozen=True)
class Joined:
    """The outcome of a join: the session (id and engine state as read) and the participant."""

    session_id: int
    state: dict[str, Any]
    participant_id: int
    token: str
    created: bool


def join(code: str, token_of: Callable[[int], str | None], address: str,
         announce: Callable[[int], None]) -> Joined | None:
    """Find or create the participant for the token `token_of(session_id)` gives (payload or
    cookie) in the session this code shows a participant; None when there is none.

    The running session wins; an ended one only takes back its own participants (closing screen
    on rejoin). A new participant counts towards the address's limit; when refused, `announce`
    gets the session id (to tell the trainer) and IllegalCommand("too_many_participants") is
    raised. The caller commits.
    """
    code = services.normalise_code(code)
    found = _find(code, token_of)
    if found is not None and _timer_due(found[0]):
        timers.close_due([found[0].id])  # a timer ran out unseen (a restart): close it first
        found = _find(code, token_of)
    if found is None:
        return None
    row, token, participant_id = found
    if participant_id is not None and token is not None:
        return Joined(row.id, row.state, participant_id, token, created=False)
    if row.ended_at is not None:
        raise IllegalCommand("unknown_session", "the session has ended")
    if not admission.admit(row.id, address, lambda: announce(row.id)):
        raise IllegalCommand("too_many_participants", "too many new participants from here")
    generated = token is None
    token = token or services.new_token()
    token_hash = services.hash_token(token)
    participant_id = random_id()
    try:
        db.session.execute(ADD_PARTICIPANT, {"id": participant_id, "session_id": row.id,
                                             "token_hash": token_hash,
                                             "created_at": this_hour()})
    except IntegrityError:
        if generated:
            raise
        # The same token joined at the same moment from another tab. The insert was the
        # transaction's only statement, so rolling it back loses nothing.
        db.session.rollback()
        existing = db.session.scalar(PARTICIPANT_BY_TOKEN, {"session_id": row.id,
                                                            "token_hash": token_hash})
        if existing is None:
            raise
        return Joined(row.id, row.state, int(existing), token, created=False)
    return Joined(row.id, row.state, participant_id, token, created=True)


def _find(code: str, token_of: Callable[[int], str | None]
          ) -> tuple[Row[Any, Any, Any, Any], str | None, int | None] | None:
    """The session row, the valid token and its participant id (if any), chosen as
    `services.session_for_participant` does; on a connection of its own, returned at once."""
    with db.engine.connect() as connection:
        for row in connection.execute(SESSIONS_BY_CODE, {"code": code}).all():
            token = token_of(row.id)
            token = token if token and services.valid_token(token) else None
            participant_id = None
            if token is not None:
                participant_id = connection.execute(PARTICIPANT_BY_TOKEN, {
                    "session_id": row.id, "token_hash": services.hash_token(token)}).scalar()
            if row.ended_at is None or participant_id is not None:
                return row, token, participant_id
    return None


def _timer_due(row: Row[Any, Any, Any, Any]) -> bool:
    return bool(row.ended_at is None and row.timer_ends_at is not None
                and row.timer_ends_at <= clock_of().now())
