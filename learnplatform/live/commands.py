"""A trainer command, whether it came over the socket or from the no-JavaScript form: one path."""

from __future__ import annotations

from learnplatform.extensions import db
from learnplatform.live import broadcast, rehearsal, services
from learnplatform.live.engine import Command, Event
from learnplatform.live.models import LiveSession


def run(session: LiveSession, command: Command) -> list[Event]:
    """Apply the command, queue the new state for every view, commit (which sends it), and let
    a rehearsal's simulated participants vote when a vote opened.

    Raises the engine's IllegalCommand before anything is written (the caller rolls back).
    """
    events = services.execute(session, command)
    broadcast.transition(session, events)
    db.session.commit()
    rehearsal.after_transition(session, events)
    return events
