"""Live services: sessions, engine persistence, votes, counts, arguments, moderation, timers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from learnplatform.auth.models import Role, User
from learnplatform.live import attendance, engine, services, votes
from learnplatform.live.engine import IllegalCommand
from learnplatform.live.models import (
    Argument,
    ArgumentStatus,
    LiveSession,
    Vote,
    VoteRound,
)


@pytest.fixture
def owner(make_user: Callable[..., User]) -> User:
    return make_user(Role.TRAINER)


@pytest.fixture
def live(owner: User, make_session: Callable[..., LiveSession]) -> LiveSession:
    return make_session(owner)


def run(db: Any, session: LiveSession, *commands: engine.Command, now: float = 1000.0) -> None:
    for command in commands:
        services.execute(session, command, now)
    db.session.commit()


def test_create_session_has_a_code_items_and_lobby_state(live: LiveSession) -> None:
    assert len(live.code) == 6
    assert live.code.isdigit()
    assert [i.scenario_ref for i in live.items] == ["gift", "threat"]
    state = services.load_state(live)
    assert state.phase is engine.Phase.LOBBY
    assert state.items[0].option_ids == ("aannemen", "melden", "teruggeven")
    assert state.items[0].variation_ids == ("na-de-stemming", "thuisbezorgd")


def test_create_session_from_programme(db: Any, owner: User) -> None:
    session = services.create_session_from_programme(owner, "avond", attendance=True)
    db.session.commit()
    assert session.title == "Integriteitsavond"
    assert session.attendance_enabled
    assert [i.scenario_ref for i in session.items] == ["gift", "threat"]


def test_unknown_scenario_or_programme_is_refused(owner: User) -> None:
    with pytest.raises(IllegalCommand) as exc:
        services.create_session(owner, "x", ["bestaat-niet"])
    assert exc.value.code == "unknown_scenario"
    with pytest.raises(IllegalCommand):
        services.create_session_from_programme(owner, "nope")


def test_execute_persists_state_and_rounds(db: Any, live: LiveSession) -> None:
    run(db, live, engine.Start(), engine.OpenVote(timer_seconds=30))
    db.session.expire_all()
    assert live.state["phase"] == "voting"
    assert live.timer_ends_at == pytest.approx(1030.0)
    rnd = db.session.scalars(select(VoteRound)).one()
    assert (rnd.key, rnd.status.value) == ("0:0", "open")
    assert rnd.opened_at is not None
    run(db, live, engine.Reveal())
    db.session.expire_all()
    assert rnd.status.value == "revealed"
    assert rnd.closed_at is not None
    assert live.timer_ends_at is None


def test_engine_refusal_changes_nothing(db: Any, live: LiveSession) -> None:
    before = dict(live.state)
    with pytest.raises(IllegalCommand) as exc:
        services.execute(live, engine.Reveal())
    assert exc.value.code == "wrong_phase"
    assert live.state == before


def test_vote_upsert_changes_the_existing_vote(db: Any, live: LiveSession) -> None:
    run(db, live, engine.Start(), engine.OpenVote())
    p, _token, created = services.join_participant(live, None)
    assert created
    votes.cast_vote(live, p.id, "0:0", "aannemen")
    votes.cast_vote(live, p.id, "0:0", "teruggeven")
    db.session.commit()
    rows = db.session.scalars(select(Vote)).all()
    assert [(v.participant_id, v.option_id) for v in rows] == [(p.id, "teruggeven")]
    assert votes.own_vote(live, p.id, "0:0") == "teruggeven"


def test_one_vote_per_participant_per_round_is_a_database_constraint(
    db: Any, live: LiveSession
) -> None:
    run(db, live, engine.Start(), engine.OpenVote())
    p, _t, _c = services.join_participant(live, None)
    votes.cast_vote(live, p.id, "0:0", "aannemen")
    db.session.commit()
    rid = votes.round_id(live.id, "0:0")
    assert rid is not None
    db.session.add(Vote(round_id=rid, participant_id=p.id, option_id="melden"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize(
    ("round_key", "option", "code"),
    [("0:0", "bestaat-niet", "unknown_option"), ("0:7", "aannemen", "stale_round")],
)
def test_bad_votes_are_refused(db: Any, live: LiveSession, round_key: str, option: str,
                               code: str) -> None:
    run(db, live, engine.Start(), engine.OpenVote())
    p, _t, _c = services.join_participant(live, None)
    with pytest.raises(IllegalCommand) as exc:
        votes.cast_vote(live, p.id, round_key, option)
    assert exc.value.code == code


def test_vote_outside_voting_is_refused(db: Any, live: LiveSession) -> None:
    run(db, live, engine.Start())
    p, _t, _c = services.join_participant(live, None)
    with pytest.raises(IllegalCommand) as exc:
        votes.cast_vote(live, p.id, "0:0", "aannemen")
    assert exc.value.code == "vote_closed"


def test_join_participant_finds_the_same_token(db: Any, live: LiveSession) -> None:
    first, token, created = services.join_participant(live, None)
    again, token2, created2 = services.join_participant(live, token)
    assert created
    assert not created2
    assert first.id == again.id
    assert token == token2
    assert first.token_hash == services.hash_token(token)
    assert token not in first.token_hash


def test_counts_by_round_in_one_query(db: Any, live: LiveSession) -> None:
    run(db, live, engine.Start(), engine.OpenVote())
    for option in ("aannemen", "aannemen", "melden"):
        p, _t, _c = services.join_participant(live, None)
        votes.cast_vote(live, p.id, "0:0", option)
    db.session.commit()
    assert votes.counts_by_round(live.id) == {"0:0": {"aannemen": 2, "melden": 1}}
    assert votes.vote_total(live.id, "0:0") == 3
    assert votes.participant_count(live.id) == 3
    results, total = votes.results(("aannemen", "melden", "teruggeven"),
                                      {"aannemen": 2, "melden": 1})
    assert total == 3
    assert [r.percent for r in results] == [67, 33, 0]


def test_arguments_only_during_discussion_and_moderation(db: Any, live: LiveSession) -> None:
    run(db, live, engine.Start(), engine.OpenVote())
    with pytest.raises(IllegalCommand) as exc:
        services.add_argument(live, "Te vroeg")
    assert exc.value.code == "wrong_phase"
    run(db, live, engine.Reveal())
    argument = services.add_argument(live, "  Het  bedrag doet er niet toe  ")
    db.session.commit()
    assert argument.text == "Het bedrag doet er niet toe"
    assert argument.status is ArgumentStatus.PENDING
    with pytest.raises(IllegalCommand):
        services.add_argument(live, "x" * 281)
    services.moderate(live, argument.id, "show")
    assert [a.text for a in services.arguments_of(live.id, ArgumentStatus.SHOWN)] == [
        argument.text]
    services.moderate(live, argument.id, "hide")
    assert services.arguments_of(live.id, ArgumentStatus.SHOWN) == []
    with pytest.raises(IllegalCommand) as exc:
        services.moderate(live, 999, "show")
    assert exc.value.code == "unknown_argument"
    assert db.session.scalar(select(func.count(Argument.id))) == 1


def test_timer_tick_closes_the_vote_only_when_due(db: Any, live: LiveSession) -> None:
    run(db, live, engine.Start(), engine.OpenVote(timer_seconds=10), now=1000.0)
    assert services.tick(live, now=1005.0) == []
    assert services.due_session_ids(now=1005.0) == []
    assert services.due_session_ids(now=1011.0) == [live.id]
    events = services.tick(live, now=1011.0)
    db.session.commit()
    assert engine.VoteClosed("0:0") in events
    assert live.state["phase"] == "closed"
    assert live.timer_ends_at is None
    assert services.due_session_ids(now=2000.0) == []


def test_end_frees_the_code(db: Any, live: LiveSession) -> None:
    assert services.find_active_session(live.code) is not None
    run(db, live, engine.End())
    assert live.ended_at is not None
    assert services.find_active_session(live.code) is None


def test_attendance_has_no_token_no_time_and_a_known_role(db: Any, live: LiveSession) -> None:
    entry = attendance.add(live, "  Robin  Raadslid ", "raadslid")
    db.session.commit()
    assert entry.name == "Robin Raadslid"
    assert entry.role == "raadslid"
    assert not hasattr(entry, "created_at")
    for name, role in (("   ", None), ("Eva", "keizer"), ("x" * 121, None), ("a\x00b", None)):
        with pytest.raises(IllegalCommand):
            attendance.add(live, name, role)


def test_sqlite_runs_in_wal_mode_with_normal_sync(db: Any) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_join_url_prefers_the_public_url(app: Any, live: LiveSession) -> None:
    from learnplatform.live.snapshot import join_url

    assert join_url(live) == f"/live/{live.code}"  # no request, no PUBLIC_URL
    app.config["PUBLIC_URL"] = "https://leren.example.nl/"
    assert join_url(live) == f"https://leren.example.nl/live/{live.code}"
