"""The one broadcaster: maps what happened to emits on the session's rooms.

The functions that announce a change (`transition`, `argument_new`, `arguments_changed`) queue
their emits on the database session with `on_commit`: they go out once the transaction commits,
never when it rolls back, so callers call them beside the change, before committing. Emits go
through `socketio.emit`, which uses the Redis message queue when one is configured, so every
process delivers to its own clients.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from learnplatform.extensions import socketio
from learnplatform.live import services
from learnplatform.live.engine import Event
from learnplatform.live.models import Argument, ArgumentStatus, LiveSession
from learnplatform.live.snapshot import build_state, forget_cached
from learnplatform.on_commit import on_commit

NAMESPACE = "/live"


def participant_room(session_id: int) -> str:
    """Room of a session's participants."""
    return f"session:{session_id}"


def trainer_room(session_id: int) -> str:
    """Room of a session's presenter and control views."""
    return f"session:{session_id}:trainer"


def _emit(event: str, payload: dict[str, Any], room: str) -> None:
    # The change is committed already: a failing fan-out (say, the message queue is down) must
    # not turn a successful command into an error; clients catch up on their next join.
    try:
        socketio.emit(event, payload, to=room, namespace=NAMESPACE)
    except Exception:
        current_app.logger.exception("live broadcast of %s to %s failed", event, room)


def transition(session: LiveSession, events: list[Event]) -> None:
    """Once the transition commits: the new state to participants and to the trainer views."""
    if events:
        on_commit(lambda: _send_transition(session))


def _send_transition(session: LiveSession) -> None:
    _emit("state", build_state(session, "participant"), participant_room(session.id))
    _emit("state", build_state(session, "trainer"), trainer_room(session.id))


def count(session_id: int, round_key: str | None, votes: int, participants: int) -> None:
    """The live vote count, for the trainer views only (never the spread)."""
    _emit("count", {"round": round_key, "votes": votes, "participants": participants},
          trainer_room(session_id))


def limit_hit(session: LiveSession) -> None:
    """A limit refused something in this session: the trainer views show it at once (nothing
    was committed, so this does not wait for a commit)."""
    _emit("state", build_state(session, "trainer"), trainer_room(session.id))


def argument_new(argument: Argument) -> None:
    """Once committed, a participant's argument goes to the trainer's moderation queue only."""
    on_commit(lambda: _send_argument_new(argument))


def _send_argument_new(argument: Argument) -> None:
    _emit("argument_new", {"id": argument.id, "text": argument.text,
                           "round": argument.round_key}, trainer_room(argument.session_id))


def arguments_changed(session: LiveSession) -> None:
    """Once moderation commits: forget the cached state, send the shown arguments to everyone
    and the full state to trainers."""
    on_commit(lambda: _send_arguments(session))


def _send_arguments(session: LiveSession) -> None:
    forget_cached(session.id)
    arguments = services.arguments_of(session.id)
    shown = {"shown": [{"id": a.id, "text": a.text} for a in arguments
                       if a.status is ArgumentStatus.SHOWN]}
    _emit("arguments", shown, participant_room(session.id))
    _emit("arguments", shown, trainer_room(session.id))
    _emit("state", build_state(session, "trainer"), trainer_room(session.id))
