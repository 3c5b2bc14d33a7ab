"""Live-session events for features that keep records of them (the xAPI outbox), so that live
never imports those features. Receivers only add rows to the same database session.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the logged-in User who put their name on a session's attendance list; keyword: session.
# Never sent for anonymous participants, and never with anything about their votes.
session_attended = _signals.signal("session-attended")
