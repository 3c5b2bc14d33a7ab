"""Coalesced vote counts: after a vote the session is marked dirty; a per-process loop emits at
most one `count` per session every LIVE_COUNT_INTERVAL seconds (default 0.1).

The figures come from the database, so several processes behind a Redis message queue all emit
correct totals. With an interval of 0 the count is emitted at once (tests run the loop on a
manual clock instead, see `live.clock`).
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app

from learnplatform.extensions import db, socketio
from learnplatform.live import broadcast, services, votes
from learnplatform.live.clock import Stopped, clock_of
from learnplatform.live.models import LiveSession
from learnplatform.on_commit import on_commit

_KEY = "learnplatform.live.counts"


class CountFlusher:
    """Collects dirty session ids and flushes them on a timer."""

    def __init__(self, app: Flask, interval: float) -> None:
        self.app = app
        self.interval = interval
        self._dirty: set[int] = set()
        self._lock = threading.Lock()
        self._running = False

    def mark(self, session_id: int) -> None:
        """Remember that the session's count changed; start the loop on first use."""
        if self.interval <= 0:
            emit_count(session_id)
            return
        with self._lock:
            self._dirty.add(session_id)
            if self._running:
                return
            self._running = True
        socketio.start_background_task(self._loop)

    def _loop(self) -> None:
        clock = clock_of(self.app)
        while True:
            try:
                clock.sleep(self.interval)
            except Stopped:
                return
            with self._lock:
                batch, self._dirty = self._dirty, set()
            if batch:
                self.flush(batch)

    def flush(self, batch: set[int]) -> None:
        """Emit the counts of these sessions (in its own app context)."""
        with self.app.app_context():
            try:
                for session_id in batch:
                    emit_count(session_id)
            except Exception:  # a broken count must not stop the loop
                self.app.logger.exception("live count flush failed")
            finally:
                db.session.remove()


def emit_count(session_id: int) -> None:
    """Read the current round's total and the participant count, and emit them."""
    session = db.session.get(LiveSession, session_id)
    if session is None:
        return
    current = services.load_state(session).current_round
    key = current.key if current else None
    total = votes.vote_total(session_id, key) if key else 0
    broadcast.count(session_id, key, total, votes.participant_count(session_id))


def flusher() -> CountFlusher:
    """The app's count flusher."""
    ext: dict[str, Any] = current_app.extensions
    if _KEY not in ext:
        ext[_KEY] = CountFlusher(current_app._get_current_object(),  # type: ignore[attr-defined]
                                 float(current_app.config.get("LIVE_COUNT_INTERVAL", 0.1)))
    found: CountFlusher = ext[_KEY]
    return found


def mark_dirty(session_id: int) -> None:
    """Once the vote or join commits, schedule a count update for the trainer views."""
    mark = flusher().mark
    on_commit(lambda: mark(session_id))
