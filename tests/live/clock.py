"""A manual clock for the live background loops: the production count, timer and rehearsal
loops run in their real threads, and a test moves time on instead of switching them off."""

from __future__ import annotations

import threading
import time

from learnplatform.live.clock import Stopped


class ManualClock:
    """`now()` and `sleep()` for the loops; `advance()` moves time and waits for the loops."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._cond = threading.Condition()
        self._sleeping: dict[int, float] = {}  # thread id -> wake-up time
        self._stopped = False

    def now(self) -> float:
        """The clock's time (seconds since the epoch)."""
        with self._cond:
            return self._now

    def sleep(self, seconds: float) -> None:
        """Block the calling loop until `advance` has moved time past its wake-up moment."""
        me = threading.get_ident()
        with self._cond:
            wake = self._now + max(seconds, 0.0)
            self._sleeping[me] = wake
            self._cond.notify_all()
            while not self._stopped and self._now < wake:
                self._cond.wait()
            self._sleeping.pop(me, None)
            self._cond.notify_all()
            if self._stopped:
                raise Stopped

    def advance(self, seconds: float, timeout: float = 15.0) -> None:
        """Move time on, then wait until every loop that woke has done its work and sleeps
        again (or has finished)."""
        with self._cond:
            self._now += seconds
            due = {tid for tid, wake in self._sleeping.items() if wake <= self._now}
            self._cond.notify_all()
            deadline = time.monotonic() + timeout
            while not all(self._settled(tid) for tid in due):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("a live loop did not come back to sleep")
                self._cond.wait(min(remaining, 0.05))

    def run_for(self, seconds: float, step: float = 0.1) -> None:
        """Advance in small steps, so loops that sleep several times all get their turns."""
        steps = round(seconds / step)
        for _ in range(steps):
            self.advance(step)

    def _settled(self, tid: int) -> bool:
        wake = self._sleeping.get(tid)
        if wake is not None:
            return wake > self._now
        return tid not in {thread.ident for thread in threading.enumerate()}

    def wait_for_loops(self, count: int, timeout: float = 15.0) -> None:
        """Wait (in real time) until at least `count` loops are asleep on this clock, so a loop
        that was just started has planned its wake-ups before time moves on."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._sleeping) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{count} loops never slept on the clock")
                self._cond.wait(min(remaining, 0.05))

    def loops(self) -> int:
        """How many loops are asleep on this clock."""
        with self._cond:
            return len(self._sleeping)

    def stop(self) -> None:
        """End every loop asleep on this clock (at the end of a test)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
