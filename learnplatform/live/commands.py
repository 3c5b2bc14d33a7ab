"""A trainer command, whether it came over the socket or from the no-JavaScript form: one path."""

from __future__ import annotations

from learnplatform.extensions import db
from learnplatform.live import broadcast, rehearsal, services
from learnplatform.live.engine import Command, Event
from learnplatform.live.models import LiveSession


def run(session: LiveSession, command: Command) -> list[Event]:
    """Apply the command, commit, send the new state to every view, and let a rehearsal's
    simulated participants vote when a vote opened.

    Raises the engine's IllegalCommand before anything is written (the caller rolls back).
    """
    events = services.execute(session, command)
    db.session.commit()
    broadcast.transition(session, events)
    rehearsal.after_transition(session, events)
    return events
