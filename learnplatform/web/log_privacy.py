"""Access logs keep nothing that pairs a participant with what they did.

A participant's page (`/live/<code>` and its no-JavaScript forms), the join form and the Socket.IO
transport are requests of anonymous people. An access-log line with their address and the second
it happened would let anyone with the logs pair an attendance sign-up with a vote from the same
phone. So the servers' loggers get `ParticipantLogFilter`:
- a line about a participant route at INFO or below (the access log) is dropped;
- a warning or error about one is kept with addresses and tokens replaced by `[redacted]`;
- in every other line of these loggers, participant tokens are replaced too.

Installed on the loggers of Werkzeug (development server), gunicorn (production), Engine.IO and
Socket.IO by `install()`, which create_app calls. docs/privacy.md says what remains.
"""

from __future__ import annotations

import logging
import re

LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "engineio.server",
           "socketio.server")
REDACTED = "[redacted]"

PARTICIPANT_ROUTE = re.compile(r"/live/\d{3}\s?\d{3}(?![\d])|/deelnemen\b|/socket\.io/")
_IPV4 = r"\b(?:\d{1,3}\.){3}\d{1,3}\b"
_IPV6 = (r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){4,7}[0-9A-Fa-f]{1,4}(?![\w:])"
         r"|(?<![\w:])[0-9A-Fa-f:]*::[0-9A-Fa-f:.]*")
ADDRESS = re.compile(f"{_IPV4}|{_IPV6}")
# participant tokens are 43 URL-safe characters (secrets.token_urlsafe(32)); cookies named lp_live_
TOKEN = re.compile(r"lp_live_\d+(?:_aanwezig)?=[^;\s]*|[A-Za-z0-9_-]{40,}")


def redact(text: str) -> str:
    """`text` with network addresses and participant tokens replaced."""
    return ADDRESS.sub(REDACTED, TOKEN.sub(REDACTED, text))


class ParticipantLogFilter(logging.Filter):
    """Drops access-log lines of participant routes and redacts the rest (see the module)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False to drop the record; otherwise rewrite its message without addresses/tokens."""
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit: leave it to the handler
            return True
        about_participant = bool(PARTICIPANT_ROUTE.search(message))
        if about_participant and record.levelno < logging.WARNING:
            return False
        cleaned = redact(message) if about_participant else TOKEN.sub(REDACTED, message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


_FILTER = ParticipantLogFilter()


def install(names: tuple[str, ...] = LOGGERS) -> None:
    """Add the filter to the servers' loggers (once per logger)."""
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
