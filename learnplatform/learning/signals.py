"""Learning events, sent inside the service's transaction for features that keep records of them
(the xAPI outbox) without the learning feature importing those features.

Receivers must only add rows to the same database session (so a record commits or rolls back
with the progress it describes) and never send anything over the network.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the User; keyword arguments as documented per signal
module_started = _signals.signal("module-started")  # module
question_answered = _signals.signal("question-answered")  # module, block, success
module_completed = _signals.signal("module-completed")  # module, completion
track_completed = _signals.signal("track-completed")  # track, certificate
certificate_issued = _signals.signal("certificate-issued")  # certificate
