"""Timers, coalesced counts and the vote gate when another process changed the session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from learnplatform.live import counts, engine, services, timers, votes
from learnplatform.live.models import LiveSession, Vote, VoteRound
from tests.live.conftest import Sock


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
    timers.ensure_ticker(app)
    assert started == []
    app.config["LIVE_BACKGROUND_TASKS"] = True
    timers.ensure_ticker(app)
    timers.ensure_ticker(app)
    assert len(started) == 1  # once per app and process


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

    monkeypatch.setattr(batching, "_write", counting)
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
    assert results == {pid: "0:0" for pid in voters}
    assert sum(sizes) == len(voters)
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
