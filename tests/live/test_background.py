"""Timers, coalesced counts and the vote gate when another process changed the session."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select, update

from learnplatform.live import counts, engine, services, timers, votes
from learnplatform.live.models import LiveSession, Vote, VoteRound
from tests.databases import DATABASES, database_config
from tests.live.clock import ManualClock
from tests.live.conftest import Sock


@pytest.fixture(params=DATABASES)
def app_config(app_config: dict[str, Any], request: pytest.FixtureRequest
               ) -> Iterator[dict[str, Any]]:
    """The live test configuration, on SQLite and on PostgreSQL."""
    yield from database_config(app_config, request.param)


def test_timer_loop_closes_due_votes_and_broadcasts(
    db: Any, control: tuple[Sock, LiveSession]
) -> None:
    ctrl, session = control
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote", "timer": 5})
    assert timers.close_due() == 0  # not yet due
    state = dict(session.state)
    state["timer_ends_at"] = 1.0  # time has passed
    db.session.execute(update(LiveSession).values(timer_ends_at=1.0, state=state))
    db.session.commit()
    assert timers.close_due() == 1
    assert ctrl.events("state")[-1]["phase"] == "closed"
    assert db.session.scalars(select(VoteRound.status)).one().value == "closed"


def test_join_applies_a_timer_that_ran_out_while_nobody_looked(
    db: Any, control: tuple[Sock, LiveSession], participant: Callable[[str], Sock]
) -> None:
    ctrl, session = control
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote", "timer": 5})
    state = dict(session.state)
    state["timer_ends_at"] = 1.0
    db.session.execute(update(LiveSession).values(timer_ends_at=1.0, state=state))
    db.session.commit()
    person = participant(session.code)  # joining applies the overdue Tick first
    ack = person.call("join", {"code": session.code, "role": "participant"})
    assert ack["state"]["phase"] == "closed"
    assert ctrl.events("state")[-1]["phase"] == "closed"


def test_ticker_is_not_started_when_disabled(app: Flask, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    started: list[Any] = []
    monkeypatch.setattr(timers.socketio, "start_background_task",
                        lambda *a, **k: started.append(a))
    app.config["LIVE_BACKGROUND_TASKS"] = False
    timers.ensure_ticker(app)
    assert started == []
    app.config["LIVE_BACKGROUND_TASKS"] = True
    timers.ensure_ticker(app)
    timers.ensure_ticker(app)
    assert len(started) == 1  # once per app and process


def test_the_production_timer_loop_closes_the_vote_when_time_is_up(
    db: Any, control: tuple[Sock, LiveSession], live_clock: ManualClock
) -> None:
    """The real loop (started by the first socket connection) on a test clock."""
    ctrl, session = control
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote", "timer": 5})
    live_clock.advance(4)
    db.session.expire_all()
    assert db.session.scalars(select(VoteRound.status)).one().value == "open"
    live_clock.advance(2)
    assert ctrl.events("state")[-1]["phase"] == "closed"
    db.session.expire_all()
    assert db.session.scalars(select(VoteRound.status)).one().value == "closed"


def test_the_production_count_loop_sends_one_count_per_interval(
    control: tuple[Sock, LiveSession], participant: Callable[[str], Sock],
    live_clock: ManualClock,
) -> None:
    ctrl, session = control
    people = [participant(session.code) for _ in range(5)]
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    live_clock.advance(0.1)
    ctrl.drain()
    ctrl.received.clear()
    for person in people:
        assert person.call("vote", {"option": "melden"})["ok"]
    assert ctrl.events("count") == []  # coalesced: nothing before the interval has passed
    live_clock.advance(0.1)
    assert ctrl.events("count") == [{"round": "0:0", "votes": 5, "participants": 5}]


def test_counts_are_coalesced(app: Flask, control: tuple[Sock, LiveSession],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    ctrl, session = control
    started: list[Any] = []
    monkeypatch.setattr(counts.socketio, "start_background_task",
                        lambda *a, **k: started.append(a))
    flusher = counts.CountFlusher(app, interval=0.1)
    ctrl.drain()
    for _ in range(50):
        flusher.mark(session.id)
    assert len(started) == 1  # one loop, not one timer per vote
    assert ctrl.events("count") == []  # nothing until the loop flushes
    flusher.flush({session.id})
    assert ctrl.events("count") == [{"round": None, "votes": 0, "participants": 0}]


def test_stale_gate_from_another_process_cannot_sneak_a_vote_in(
    db: Any, control: tuple[Sock, LiveSession], participant: Callable[[str], Sock]
) -> None:
    ctrl, session = control
    person = participant(session.code)
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    assert person.call("vote", {"round": "0:0", "option": "aannemen"})["ok"]
    assert votes.vote_gate(session.id) is not None  # cached as open in this process
    # another process closes the vote: the database changes, this process's cache does not
    new_state, _events = engine.apply(services.load_state(session), engine.CloseVote(), 0)
    db.session.execute(update(LiveSession).values(state=new_state.to_dict()))
    db.session.execute(update(VoteRound).values(status=engine.RoundStatus.CLOSED))
    db.session.commit()
    ack = person.call("vote", {"round": "0:0", "option": "melden"})
    assert ack["error"]["code"] == "vote_closed"
    assert db.session.scalars(select(Vote.option_id)).all() == ["aannemen"]
    assert db.session.scalar(select(func.count(Vote.id))) == 1


def test_concurrent_votes_are_group_committed_and_all_kept(
    app: Flask, db: Any, control: tuple[Sock, LiveSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from learnplatform.live import batching

    ctrl, session = control
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    voters = []
    for _ in range(24):
        participant, _token, _created = services.join_participant(session, None)
        voters.append(participant.id)
    db.session.commit()
    session_id = session.id  # ORM objects stay in this thread
    sizes: list[int] = []
    original = batching._write

    def counting(batch: list[Any]) -> None:
        sizes.append(len(batch))
        original(batch)

    def slow_first_commit(batch: list[Any]) -> None:
        # Under load the next votes arrive while a batch is being written: hold the first
        # write until every other vote is waiting, as a busy database would.
        if not sizes:
            deadline = time.monotonic() + 10
            while (len(batching.batcher()._pending) < len(voters) - len(batch)
                   and time.monotonic() < deadline):
                time.sleep(0.01)
        counting(batch)

    commits: list[int] = []

    def on_commit(_connection: Any) -> None:
        commits.append(1)

    event.listen(db.engine, "commit", on_commit)
    monkeypatch.setattr(batching, "_write", slow_first_commit)
    barrier = threading.Barrier(len(voters))
    results: dict[int, str] = {}

    def vote(participant_id: int) -> None:
        with app.app_context():
            barrier.wait()
            results[participant_id] = batching.cast_vote(session_id, participant_id, "0:0",
                                                         "melden")
            db.session.remove()

    threads = [threading.Thread(target=vote, args=(pid,)) for pid in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    event.remove(db.engine, "commit", on_commit)
    assert results == {pid: "0:0" for pid in voters}
    assert sum(sizes) == len(voters)
    assert max(sizes) > 1  # several votes in one commit (on main: one vote per batch passed)
    assert len(commits) < len(voters)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Vote.id))) == len(voters)


def test_a_failing_broadcast_does_not_undo_a_committed_command(
    db: Any, control: tuple[Sock, LiveSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnplatform.live import broadcast

    ctrl, session = control

    def down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("message queue down")

    monkeypatch.setattr(broadcast.socketio, "emit", down)
    ack = ctrl.call("command", {"name": "start"})
    assert ack["ok"]
    db.session.expire_all()
    assert session.state["phase"] == "situation"
