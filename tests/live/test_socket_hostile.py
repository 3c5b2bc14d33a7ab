"""Hostile and mistaken socket events: each refused with its code, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from learnplatform.auth.models import Role, User
from learnplatform.live.models import (
    Argument,
    AttendanceEntry,
    LiveSession,
    Participant,
    Vote,
    VoteRound,
)
from tests.conftest import PASSWORD
from tests.live.conftest import Sock

TABLES = (LiveSession, VoteRound, Vote, Participant, Argument, AttendanceEntry)


def snapshot(db: Any) -> list[Any]:
    """Every row of every live table, as comparable tuples."""
    db.session.expire_all()
    rows: list[Any] = []
    for table in TABLES:
        for obj in db.session.scalars(select(table).order_by(table.id)):
            rows.append((table.__tablename__, tuple(
                (c.key, getattr(obj, c.key)) for c in table.__table__.columns)))
    return rows


@pytest.fixture
def voting(control: tuple[Sock, LiveSession], participant: Callable[[str], Sock]
           ) -> tuple[Sock, Sock, LiveSession]:
    """A session in the voting phase with one joined participant."""
    ctrl, session = control
    person = participant(session.code)
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    return ctrl, person, session


def assert_refused(db: Any, sock: Sock, event: str, payload: Any, code: str) -> None:
    before = snapshot(db)
    ack = sock.call(event, payload)
    assert ack["ok"] is False, ack
    assert ack["error"]["code"] == code, ack
    assert ack["error"]["message"]
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("event", "payload", "code"),
    [
        ("vote", None, "bad_payload"),
        ("vote", "aannemen", "bad_payload"),
        ("vote", ["0:0", "aannemen"], "bad_payload"),
        ("vote", {}, "bad_payload"),
        ("vote", {"round": "0:0"}, "bad_payload"),
        ("vote", {"round": 0, "option": "aannemen"}, "bad_payload"),
        ("vote", {"round": "0:0", "option": 1}, "bad_payload"),
        ("vote", {"round": "0:0", "option": "x" * 5000}, "bad_payload"),
        ("vote", {"round": "0:0", "option": "aannemen", "extra": 1}, "bad_payload"),
        ("vote", {"round": "'; DROP TABLE", "option": "aannemen"}, "bad_payload"),
        ("vote", {"round": "0:0", "option": "bestaat-niet"}, "unknown_option"),
        ("vote", {"round": "5:0", "option": "aannemen"}, "stale_round"),
        ("argument", {"text": "nu al"}, "wrong_phase"),
        ("argument", {"text": "x" * 281}, "bad_payload"),
        ("argument", {"text": "   "}, "bad_payload"),
        ("argument", {"text": ["lijst"]}, "bad_payload"),
        ("command", {"name": "reveal"}, "forbidden"),
        ("command", {"name": "end"}, "forbidden"),
        ("moderate", {"argument": 1, "action": "show"}, "forbidden"),
        ("join", {"code": "12345", "role": "participant"}, "bad_payload"),
        ("join", {"code": "123456", "role": "admin"}, "bad_payload"),
        ("join", {"code": 123456, "role": "participant"}, "bad_payload"),
    ],
)
def test_participant_hostile_payloads(db: Any, voting: tuple[Sock, Sock, LiveSession],
                                      event: str, payload: Any, code: str) -> None:
    _ctrl, person, _session = voting
    assert_refused(db, person, event, payload, code)


def test_vote_in_the_wrong_phase(db: Any, voting: tuple[Sock, Sock, LiveSession]) -> None:
    ctrl, person, _session = voting
    ctrl.call("command", {"name": "close_vote"})
    assert_refused(db, person, "vote", {"round": "0:0", "option": "aannemen"}, "vote_closed")


def test_presenter_joining_as_participant_cannot_vote_as_trainer(
    db: Any, voting: tuple[Sock, Sock, LiveSession]
) -> None:
    ctrl, _person, _session = voting
    assert_refused(db, ctrl, "vote", {"round": "0:0", "option": "aannemen"}, "forbidden")
    assert_refused(db, ctrl, "argument", {"text": "hallo"}, "forbidden")


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"name": "launch"}, "bad_payload"),
        ({"name": "open_vote"}, "wrong_phase"),
        ({"name": "timer", "seconds": 3}, "bad_timer"),
        ({"name": "timer", "seconds": "30"}, "bad_payload"),
        ({"name": "timer", "seconds": True}, "bad_payload"),
        ({"name": "variation"}, "bad_payload"),
        ({"name": "discuss"}, "wrong_phase"),
        ({"name": "reveal", "extra": "x"}, "bad_payload"),
    ],
)
def test_trainer_bad_commands(db: Any, voting: tuple[Sock, Sock, LiveSession],
                              payload: dict[str, Any], code: str) -> None:
    ctrl, _person, _session = voting
    assert_refused(db, ctrl, "command", payload, code)


def test_variation_refusals(db: Any, voting: tuple[Sock, Sock, LiveSession]) -> None:
    ctrl, _person, _session = voting
    ctrl.call("command", {"name": "reveal"})
    assert_refused(db, ctrl, "command", {"name": "variation", "variation": "nope"},
                   "unknown_variation")
    ctrl.call("command", {"name": "variation", "variation": "thuisbezorgd"})
    ctrl.call("command", {"name": "open_vote"})
    ctrl.call("command", {"name": "reveal"})
    assert_refused(db, ctrl, "command", {"name": "variation", "variation": "thuisbezorgd"},
                   "variation_used")
    assert_refused(db, ctrl, "moderate", {"argument": 999, "action": "show"},
                   "unknown_argument")
    assert_refused(db, ctrl, "moderate", {"argument": "1", "action": "show"}, "bad_payload")


def test_events_before_join_are_refused(db: Any, app: Any, control: tuple[Sock, LiveSession],
                                        sock: Callable[[FlaskClient], Sock]) -> None:
    fresh = sock(app.test_client())
    assert_refused(db, fresh, "vote", {"round": "0:0", "option": "aannemen"}, "not_joined")
    assert_refused(db, fresh, "command", {"name": "start"}, "not_joined")
    assert_refused(db, fresh, "argument", {"text": "hoi"}, "not_joined")
    assert_refused(db, fresh, "moderate", {"argument": 1, "action": "hide"}, "not_joined")


def test_unknown_codes(db: Any, app: Any, client: FlaskClient,
                       control: tuple[Sock, LiveSession],
                       sock: Callable[[FlaskClient], Sock]) -> None:
    _ctrl, session = control
    wrong = "000000" if session.code != "000000" else "111111"
    fresh = sock(app.test_client())
    assert_refused(db, fresh, "join", {"code": wrong, "role": "participant"}, "unknown_session")
    trainer_sock = sock(client)
    assert_refused(db, trainer_sock, "join", {"code": wrong, "role": "control"},
                   "unknown_session")


def test_anonymous_and_other_trainers_cannot_control(
    db: Any, app: Any, control: tuple[Sock, LiveSession], make_user: Callable[..., User],
    sock: Callable[[FlaskClient], Sock],
) -> None:
    _ctrl, session = control
    anonymous = sock(app.test_client())
    assert_refused(db, anonymous, "join", {"code": session.code, "role": "control"},
                   "forbidden")
    other = make_user(Role.TRAINER)
    http = app.test_client()
    assert http.post("/inloggen", data={"email": other.email,
                                        "password": PASSWORD}).status_code == 302
    stranger = sock(http)
    assert_refused(db, stranger, "join", {"code": session.code, "role": "presenter"},
                   "forbidden")
    member = make_user(Role.DEELNEMER)
    http2 = app.test_client()
    http2.post("/inloggen", data={"email": member.email, "password": PASSWORD})
    assert_refused(db, sock(http2), "join", {"code": session.code, "role": "control"},
                   "forbidden")


def test_ended_session_refuses_new_participants_but_shows_its_end(
    db: Any, app: Any, control: tuple[Sock, LiveSession], participant: Callable[[str], Sock],
    sock: Callable[[FlaskClient], Sock],
) -> None:
    ctrl, session = control
    person = participant(session.code)
    ctrl.call("command", {"name": "end"})
    assert_refused(db, sock(app.test_client()), "join",
                   {"code": session.code, "role": "participant"}, "unknown_session")
    again = person.call("join", {"code": session.code, "role": "participant"})
    assert again["state"]["phase"] == "ended"
    assert_refused(db, ctrl, "command", {"name": "start"}, "session_ended")


def test_rate_limit_per_connection(db: Any, app: Any, voting: tuple[Sock, Sock, LiveSession]
                                   ) -> None:
    _ctrl, person, _session = voting
    app.config["LIVE_EVENTS_PER_SECOND"] = 20
    codes = [person.call("vote", {"round": "0:0", "option": "melden"}).get("error", {})
             .get("code") for _ in range(40)]
    assert "rate_limited" in codes


def test_error_messages_follow_the_connection_locale(
    app: Any, control: tuple[Sock, LiveSession], sock: Callable[[FlaskClient], Sock]
) -> None:
    http = app.test_client()
    english = Sock.__new__(Sock)
    english.http = http
    from learnplatform.extensions import socketio

    english.client = socketio.test_client(app, namespace="/live", flask_test_client=http,
                                          headers={"Accept-Language": "en"})
    english.received = []
    dutch = sock(app.test_client())
    nl = dutch.call("vote", {"option": "a"})["error"]["message"]
    en = english.call("vote", {"option": "a"})["error"]["message"]
    assert nl.startswith("Je bent nog niet verbonden")
    assert en  # English text comes from the catalogue once the integrator translates it


def test_unexpected_failure_is_a_server_error_and_changes_nothing(
    db: Any, voting: tuple[Sock, Sock, LiveSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    _ctrl, person, _session = voting
    from learnplatform.live import votes

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(votes, "write_vote", broken)
    monkeypatch.setattr(votes, "write_votes", broken)
    assert_refused(db, person, "vote", {"round": "0:0", "option": "aannemen"}, "server_error")
