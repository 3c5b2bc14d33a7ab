"""Phones go home after a process comes back, so a rolling restart never moves a whole room.

Behind nginx's consistent hash every phone has a home process: the one its routing cookie leads
to. When that process stops, its phones reconnect to the others; when it is back they would stay
where they are, and restarting the next process would then drop the whole room at once. So each
process (named by LIVE_PROCESS_NAME, e.g. its port) announces its start in Redis, and the others,
seeing a process come back, ask the phones whose home it is to reconnect — each at a random moment
within LIVE_HOMECOMING_SECONDS (default 20), never in one burst — and nginx sends them home.

A phone learns its home from its first join's acknowledgement (`process`) and names it in every
later join (`home`), see docs/live-protocol.md. Without LIVE_PROCESS_NAME or Redis (one process)
nothing here runs.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from flask import Flask, current_app

from learnplatform.live.clock import Clock, Stopped, clock_of

_STARTED_KEY = "learnplatform.live.homecoming"
POLL_SECONDS = 2.0
SETTLE_SECONDS = 2.0  # a process announces itself just before it serves: give it a moment


class Socket(Protocol):
    """What the plan needs to know of a connection."""

    role: str | None
    home: str | None


def process_name(app: Flask | None = None) -> str | None:
    """This process's name (LIVE_PROCESS_NAME), when it serves behind a balancer with others."""
    return (app or current_app).config.get("LIVE_PROCESS_NAME") or None


def acknowledge(ack: dict[str, Any]) -> dict[str, Any]:
    """Add this process's name to a participant's join acknowledgement (the phone's home)."""
    if name := process_name():
        ack["process"] = name
    return ack


def away_from(home: str | None) -> str | None:
    """The home a joining phone named, when it is not this process (else None)."""
    return home if home and home != process_name() else None


def returned(before: Mapping[str, str], now: Mapping[str, str], me: str) -> list[str]:
    """Processes that (re)started since `before`: their start stamp changed."""
    return sorted(name for name, stamp in now.items() if name != me and before.get(name) != stamp)


def plan(connections: Mapping[str, Socket], home: str, spread: float,
         rng: random.Random | None = None) -> list[tuple[float, str]]:
    """When to send each phone of `home` home: (seconds from now, socket id), in time order,
    spread evenly at random over `spread` seconds."""
    pick = rng or random
    sids = [sid for sid, conn in connections.items()
            if conn.role == "participant" and conn.home == home]
    return sorted((pick.uniform(0, spread), sid) for sid in sids)


def start(app: Flask, connections: Mapping[str, Socket]) -> None:
    """Announce this process and watch for others coming back (once per app), when it has a
    name and a Redis to share."""
    if not (process_name(app) and app.config.get("REDIS_URL")
            and app.config.get("LIVE_BACKGROUND_TASKS", True)):
        return
    if app.extensions.get(_STARTED_KEY):
        return
    app.extensions[_STARTED_KEY] = True
    from learnplatform.extensions import socketio

    socketio.start_background_task(_watch, app, connections)


def _registry_key(app: Flask) -> str:
    return f"{app.config['SOCKETIO_CHANNEL']}:processes"


def _watch(app: Flask, connections: Mapping[str, Socket]) -> None:
    """Announce this process's start; then, every POLL_SECONDS, send home the phones of any
    process that came back."""
    from learnplatform import redis_pools

    clock = clock_of(app)
    client = redis_pools.client(app)
    me = str(process_name(app))
    key = _registry_key(app)
    known: dict[str, str] | None = None
    while True:
        try:
            if known is None:
                client.hset(key, me, f"{clock.now():.6f}")
                known = _read(client.hgetall(key))
            else:
                now = _read(client.hgetall(key))
                back, known = returned(known, now, me), now
                for name in back:
                    _send_home(app, clock, connections, name)
        except Exception:  # keep watching after a Redis hiccup
            app.logger.warning("live homecoming failed", exc_info=True)
        try:
            clock.sleep(POLL_SECONDS)
        except Stopped:
            return


def _read(raw: Mapping[Any, Any]) -> dict[str, str]:
    def text(value: Any) -> str:
        return value.decode() if isinstance(value, bytes) else str(value)

    return {text(name): text(stamp) for name, stamp in raw.items()}


def _send_home(app: Flask, clock: Clock, connections: Mapping[str, Socket], home: str) -> None:
    from learnplatform.extensions import socketio

    spread = float(app.config["LIVE_HOMECOMING_SECONDS"])
    schedule = plan(connections, home, spread)
    if schedule:
        app.logger.info("live homecoming: %d phones back to %s over %.0f s",
                        len(schedule), home, spread)
        socketio.start_background_task(_deliver, clock, connections, home, schedule)


def _deliver(clock: Clock, connections: Mapping[str, Socket], home: str,
             schedule: Iterable[tuple[float, str]]) -> None:
    from learnplatform.extensions import socketio
    from learnplatform.live.broadcast import NAMESPACE

    started = clock.now() + SETTLE_SECONDS
    for delay, sid in schedule:
        try:
            clock.sleep(max(0.0, started + delay - clock.now()))
        except Stopped:
            return
        conn = connections.get(sid)
        if conn is not None and conn.home == home:
            socketio.server.emit("go_home", {}, to=sid, namespace=NAMESPACE)
