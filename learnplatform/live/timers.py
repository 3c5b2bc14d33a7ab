"""Vote timers: a per-process background loop applies `Tick` to sessions whose timer ran out.

Also called on every join, so a timer that ran out while no process was looking (a restart)
closes the vote before anyone sees the state.
"""

from __future__ import annotations

import threading

from flask import Flask

from learnplatform.extensions import db, socketio
from learnplatform.live import broadcast, services
from learnplatform.live.clock import Stopped, clock_of
from learnplatform.live.models import LiveSession

_KEY = "learnplatform.live.ticker"
_lock = threading.Lock()


def close_due(session_ids: list[int] | None = None) -> int:
    """Tick every session whose timer has passed; commit and broadcast. Returns how many."""
    closed = 0
    for session_id in services.due_session_ids() if session_ids is None else session_ids:
        session = db.session.get(LiveSession, session_id, with_for_update=True)
        if session is None:
            continue
        events = services.tick(session)
        broadcast.transition(session, events)
        db.session.commit()
        closed += bool(events)
    return closed


def _loop(app: Flask, interval: float) -> None:
    clock = clock_of(app)
    while True:
        try:
            clock.sleep(interval)
        except Stopped:
            return
        with app.app_context():
            try:
                close_due()
            except Exception:  # keep ticking after a database hiccup
                db.session.rollback()
                app.logger.exception("live timer tick failed")
            finally:
                db.session.remove()


def ensure_ticker(app: Flask) -> None:
    """Start the timer loop once per app and process (unless disabled by configuration)."""
    if not app.config.get("LIVE_BACKGROUND_TASKS", True):
        return
    with _lock:
        if app.extensions.get(_KEY):
            return
        app.extensions[_KEY] = True
    socketio.start_background_task(_loop, app, float(app.config.get("LIVE_TICK_SECONDS", 1.0)))
