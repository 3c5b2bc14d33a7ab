"""Restart safety (a new app on the same database) and anonymity by construction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select, text

from learnplatform import create_app
from learnplatform.auth.models import Role, User
from learnplatform.extensions import db as _db
from learnplatform.live.clock import use_clock
from learnplatform.live.models import LiveSession
from tests.conftest import PASSWORD
from tests.databases import DATABASES, database_config
from tests.live.clock import ManualClock
from tests.live.conftest import Sock

LIVE_TABLES = ("live_session", "live_session_item", "live_local_dilemma", "live_participant",
               "live_vote_round", "live_vote", "live_argument", "live_attendance")


@pytest.fixture(params=DATABASES)
def app_config(app_config: dict[str, Any], request: pytest.FixtureRequest
               ) -> Iterator[dict[str, Any]]:
    """The live test configuration, on SQLite and on PostgreSQL."""
    yield from database_config(app_config, request.param)


def _login(http: FlaskClient, user: User) -> None:
    response = http.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_restart_keeps_state_and_every_acknowledged_vote(
    app: Flask, app_config: dict[str, Any], client: FlaskClient,
    control: tuple[Sock, LiveSession], sock: Callable[[FlaskClient], Sock],
    trainer: User, live_clock: ManualClock,
) -> None:
    ctrl, session = control
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    voters = []
    for option in ("aannemen", "melden", "melden"):
        http = app.test_client()
        http.get(f"/live/{session.code}")
        voter = sock(http)
        voter.call("join", {"code": session.code, "role": "participant"})
        assert voter.call("vote", {"round": "0:0", "option": option})["ok"]
        cookie = http.get_cookie(f"lp_live_{session.id}")
        assert cookie is not None
        voters.append((cookie.value, option))
    code, session_id, email = session.code, session.id, trainer.email
    _db.session.remove()

    restarted = create_app(app_config)  # a new process on the same database file
    use_clock(restarted, live_clock)
    with restarted.app_context():
        for token, option in voters:
            http = restarted.test_client()
            http.set_cookie(f"lp_live_{session_id}", token)
            again = Sock(restarted, http)
            ack = again.call("join", {"code": code, "role": "participant"})
            assert ack["ok"], ack
            assert ack["state"]["phase"] == "voting"
            assert ack["state"]["you"] == {"vote": option}
        trainer_http = restarted.test_client()
        assert trainer_http.post("/inloggen", data={"email": email, "password": PASSWORD}
                                 ).status_code == 302
        control_again = Sock(restarted, trainer_http)
        ack = control_again.call("join", {"code": code, "role": "control"})
        assert ack["state"]["votes"] == 3
        ack = control_again.call("command", {"name": "reveal"})
        counts = {r["option"]: r["count"] for r in ack["state"]["rounds"][0]["results"]}
        assert counts == {"aannemen": 1, "melden": 2, "teruggeven": 0}
        _db.session.remove()


def test_no_live_table_links_a_vote_or_argument_to_a_person(
    app: Flask, db: Any, control: tuple[Sock, LiveSession], make_user: Callable[..., User],
    sock: Callable[[FlaskClient], Sock],
) -> None:
    ctrl, session = control
    session.attendance_enabled = True
    db.session.commit()
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    members = [make_user(Role.DEELNEMER, email=f"lid{i}@gemeente.nl") for i in range(3)]
    tokens = []
    for member in members:
        http = app.test_client()
        _login(http, member)
        http.get(f"/live/{session.code}")
        http.post(f"/live/{session.code}/aanwezig", data={"name": member.name + str(member.id)})
        person = sock(http)
        assert person.call("join", {"code": session.code, "role": "participant"})["ok"]
        assert person.call("vote", {"round": "0:0", "option": "melden"})["ok"]
        cookie = http.get_cookie(f"lp_live_{session.id}")
        assert cookie is not None
        tokens.append(cookie.value)
    ctrl.call("command", {"name": "reveal"})
    assert person.call("argument", {"text": "Een anoniem argument"})["ok"]

    inspector = inspect(db.engine)
    user_fks = {
        (table, tuple(fk["constrained_columns"]))
        for table in LIVE_TABLES for fk in inspector.get_foreign_keys(table)
        if fk["referred_table"] == "user"
    }
    # only the trainer who owns a session or wrote a local dilemma is referenced
    assert user_fks == {("live_session", ("owner_id",)), ("live_local_dilemma", ("author_id",))}
    columns = {t: {c["name"] for c in inspector.get_columns(t)} for t in LIVE_TABLES}
    assert columns["live_participant"] == {"id", "session_id", "token_hash", "created_at"}
    assert columns["live_vote"] == {"id", "round_id", "participant_id", "option_id",
                                    "updated_at"}
    assert columns["live_argument"] == {"id", "session_id", "round_key", "text", "status",
                                        "created_at"}
    assert columns["live_attendance"] == {"id", "session_id", "name", "role"}

    dump = []
    with db.engine.connect() as conn:
        for table in LIVE_TABLES:
            rows = conn.execute(select(text("*")).select_from(text(f'"{table}"')))
            dump.extend(str(row) for row in rows)
    everything = "\n".join(dump)
    for member in members:
        assert member.email not in everything
    for token in tokens:
        assert token not in everything  # only hashes are stored
    attendance = db.session.execute(select(text("*")).select_from(text("live_attendance")))
    for row in attendance:
        assert not any(isinstance(v, str) and len(v) == 64 for v in row)  # no token hash
    assert len(members) == 3
