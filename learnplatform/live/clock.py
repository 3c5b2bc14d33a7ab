"""The clock of the live background loops (counts, timers, rehearsals) and of the engine's "now".

Production uses the system time and Socket.IO's sleep (cooperative under gevent). Tests install a
manual clock with `use_clock(app, clock)`, so the real loops run and the test moves time on
instead of switching them off. A clock may end its loops by raising `Stopped` from `sleep`.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from flask import Flask, current_app

from learnplatform.extensions import socketio

_KEY = "learnplatform.live.clock"


class Stopped(Exception):  # noqa: N818 - a signal to a loop, not an error
    """Raised by a clock's `sleep` to end the loop that called it."""


class Clock(Protocol):
    """What the loops need: the time, and a way to wait."""

    def now(self) -> float:
        """Seconds since the epoch."""

    def sleep(self, seconds: float) -> None:
        """Wait this long (cooperatively)."""


class SystemClock:
    """The real time; sleeping yields to other greenlets or threads."""

    def now(self) -> float:
        """Seconds since the epoch."""
        return time.time()

    def sleep(self, seconds: float) -> None:
        """Socket.IO's sleep."""
        socketio.sleep(seconds)


SYSTEM = SystemClock()


def use_clock(app: Flask, clock: Clock) -> None:
    """Make the app's loops and engine use `clock` (tests)."""
    app.extensions[_KEY] = clock


def clock_of(app: Flask | Any = None) -> Clock:
    """The clock of `app` (default: the current app)."""
    found: Clock = (app or current_app).extensions.get(_KEY, SYSTEM)
    return found
