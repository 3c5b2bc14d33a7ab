"""Abuse limits of live sessions, per network address, in storage shared by every process.

- **Join-code guessing**: wrong codes count per address over HTTP (the participant page, the
  join form) and the socket together; past the limit every further try is refused for the rest
  of the window, with a clear message. The counters live in the rate-limit storage
  (RATELIMIT_STORAGE_URI: Redis when configured, so the limit holds across processes; memory
  otherwise).
- **New participants per address and session**: one device making a hundred participants (and
  casting a hundred votes) is refused past the limit; the trainer's control view shows how many
  were refused.
- **Socket connections per address** (per process; see `live.namespace`).

A council chamber of 60 phones on one Wi-Fi shares one address: the defaults allow it, and
LIVE_NEW_PARTICIPANTS_PER_ADDRESS, LIVE_SOCKETS_PER_ADDRESS and LIVE_JOIN_MISSES_PER_ADDRESS
raise the limits for larger venues (docs/deploy.md). Counters hold an address for at most an hour
and are never stored with a session's votes.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from learnplatform import redis_pools

_KEY = "learnplatform.live.limits"
DEFAULTS: dict[str, Any] = {
    "LIVE_JOIN_MISSES_PER_ADDRESS": "20 per minute; 100 per hour",
    "LIVE_NEW_PARTICIPANTS_PER_ADDRESS": "150 per hour",
    "LIVE_SOCKETS_PER_ADDRESS": 300,
}


class LiveLimits:
    """The counters of one app, in its rate-limit storage."""

    def __init__(self, app: Flask) -> None:
        config = {**DEFAULTS, **{k: app.config[k] for k in DEFAULTS if k in app.config}}
        # on unless switched off, with the other rate limits (RATELIMIT_ENABLED) or on their own
        self.enabled = bool(app.config.get("LIVE_LIMITS_ENABLED",
                                           app.config.get("RATELIMIT_ENABLED", True)))
        uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        options = redis_pools.rate_limit_storage_options(app)
        if app.config.get("LIVE_LIMITS_KEY_PREFIX") and uri.startswith("redis"):
            options["key_prefix"] = app.config["LIVE_LIMITS_KEY_PREFIX"]
        storage = storage_from_string(uri, **options)
        assert isinstance(storage, Storage)  # noqa: S101 - a synchronous storage URI
        self.storage = storage
        self.window = FixedWindowRateLimiter(self.storage)
        self.misses: list[RateLimitItem] = _items(config["LIVE_JOIN_MISSES_PER_ADDRESS"])
        self.participants: list[RateLimitItem] = _items(
            config["LIVE_NEW_PARTICIPANTS_PER_ADDRESS"])
        self.sockets = int(config["LIVE_SOCKETS_PER_ADDRESS"])

    def may_guess(self, address: str) -> bool:
        """False once this address has tried too many wrong codes in the window."""
        return not self.enabled or all(self.window.test(item, "join-miss", address)
                                       for item in self.misses)

    def wrong_code(self, address: str) -> None:
        """Count a wrong code from this address."""
        if self.enabled:
            for item in self.misses:
                self.window.hit(item, "join-miss", address)

    def may_add_participant(self, address: str, session_id: int) -> bool:
        """Count a new participant from this address in this session; False past the limit
        (and then the refusal is counted for the trainer to see)."""
        if not self.enabled:
            return True
        allowed = all([self.window.hit(item, "participant", address, str(session_id))
                       for item in self.participants])
        if not allowed:
            self.storage.incr(_refused_key(session_id), 24 * 3600)
        return allowed

    def refused_participants(self, session_id: int) -> int:
        """How many new participants of this session were refused by the limit."""
        return int(self.storage.get(_refused_key(session_id)) or 0)


def _refused_key(session_id: int) -> str:
    return f"learnplatform/live/refused/{session_id}"


def _items(spec: str) -> list[RateLimitItem]:
    return [parse(part.strip()) for part in str(spec).split(";") if part.strip()]


def limits() -> LiveLimits:
    """The current app's live limits."""
    ext: dict[str, Any] = current_app.extensions
    if _KEY not in ext:
        ext[_KEY] = LiveLimits(current_app._get_current_object())  # type: ignore[attr-defined]
    found: LiveLimits = ext[_KEY]
    return found


def client_address() -> str:
    """The address of the current request or socket connection (after ProxyFix)."""
    return str(request.remote_addr or "unknown")


def address_of(environ: dict[str, Any]) -> str:
    """`client_address` of a WSGI environ (a socket connection's, after ProxyFix)."""
    return str(environ.get("REMOTE_ADDR") or "unknown")
