"""Homecoming: after a process of a rolling restart is back, the phones whose home it is are sent
back to it, spread over time, so restarting the next process moves only its own share of the room
(without it the last restart of a release dropped the whole room at once)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from learnplatform.live import homecoming
from learnplatform.live.models import LiveSession
from tests.live.clock import ManualClock
from tests.live.conftest import Sock


@dataclass
class FakeSocket:
    role: str | None
    home: str | None


def test_only_the_phones_of_the_returned_process_are_sent_home_spread_over_time() -> None:
    connections = {f"p{i}": FakeSocket("participant", "8001" if i % 2 else None)
                   for i in range(200)}
    connections["projector"] = FakeSocket("presenter", "8001")
    connections["elsewhere"] = FakeSocket("participant", "8003")
    schedule = homecoming.plan(connections, "8001", spread=20, rng=random.Random(3))  # noqa: S311 - a test's seed
    sids = [sid for _delay, sid in schedule]
    assert sorted(sids) == sorted(f"p{i}" for i in range(1, 200, 2))
    delays = [delay for delay, _sid in schedule]
    assert delays == sorted(delays)
    assert delays[0] >= 0
    assert delays[-1] <= 20
    # spread, not a burst: no second holds more than a fifth of them
    per_second = [sum(1 for d in delays if s <= d < s + 1) for s in range(20)]
    assert max(per_second) <= len(delays) / 5


def test_a_process_counts_as_returned_when_its_start_stamp_changes() -> None:
    before = {"8001": "100.0", "8002": "90.0"}
    assert homecoming.returned(before, before, "8002") == []
    assert homecoming.returned(before, {"8001": "200.0", "8002": "90.0"}, "8002") == ["8001"]
    assert homecoming.returned(before, {"8001": "100.0", "8002": "300.0"}, "8002") == []


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "LIVE_PROCESS_NAME": "8001"}


def test_a_phone_learns_its_home_and_is_remembered_when_away(
    app: Flask, trainer: Any, make_session: Callable[..., LiveSession],
    sock: Callable[[Any], Sock],
) -> None:
    session = make_session(trainer)
    http = app.test_client()
    assert http.get(f"/live/{session.code}").status_code == 200
    phone = sock(http)
    first = phone.call("join", {"code": session.code, "role": "participant"})
    assert first["ok"]
    assert first["process"] == "8001"
    namespace = app.extensions["learnplatform.live.namespace"]
    assert [c.home for c in namespace.connections.values()] == [None]  # at home

    away = sock(http)  # the same phone after a fail-over, on this process
    again = away.call("join", {"code": session.code, "role": "participant", "home": "8002"})
    assert again["ok"], again
    assert sorted(str(c.home) for c in namespace.connections.values()) == ["8002", "None"]

    wrong = sock(http)
    bad = wrong.call("join", {"code": session.code, "role": "participant",
                              "home": "<script>"})
    assert bad["ok"] is False
    assert bad["error"]["code"] == "bad_payload"


def test_the_watcher_announces_itself_and_sends_phones_home_when_their_process_returns(
    app: Flask, live_clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The background loop against a fake Redis: it announces this process, and when another
    process's start stamp changes, it sends exactly that process's phones home."""
    registry: dict[str, str] = {"8002": "1.0"}
    sent: list[str] = []

    class FakeRedis:
        def hset(self, _key: str, name: str, stamp: str) -> None:
            registry[name] = stamp

        def hgetall(self, _key: str) -> dict[bytes, bytes]:
            return {k.encode(): v.encode() for k, v in registry.items()}

    def emit(event: str, _data: Any, to: str, namespace: str) -> None:
        assert (event, namespace) == ("go_home", "/live")
        sent.append(to)

    from learnplatform import redis_pools
    from learnplatform.extensions import socketio

    monkeypatch.setattr(redis_pools, "client", lambda _app: FakeRedis())
    monkeypatch.setattr(socketio.server, "emit", emit)
    connections = {"a": FakeSocket("participant", "8002"), "b": FakeSocket("participant", None),
                   "c": FakeSocket("participant", "8003")}
    watcher = threading.Thread(target=homecoming._watch, args=(app, connections), daemon=True)
    watcher.start()
    deadline = time.monotonic() + 5
    while "8001" not in registry and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "8001" in registry  # announced
    live_clock.advance(homecoming.POLL_SECONDS)
    assert sent == []  # nobody came back yet
    registry["8002"] = "2.0"  # 8002 restarted
    live_clock.advance(homecoming.POLL_SECONDS)
    live_clock.run_for(homecoming.SETTLE_SECONDS + 21, step=1)
    assert sent == ["a"]
    live_clock.stop()
    watcher.join(timeout=5)
