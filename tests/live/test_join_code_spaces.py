"""The join code is accepted with or without spaces wherever it can be typed, and the projector
may steer only for the session's own trainer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from learnplatform.auth.models import Role, User
from learnplatform.live import services
from learnplatform.live.models import LiveSession
from tests.conftest import PASSWORD
from tests.live.conftest import Sock


def _spaced(code: str) -> str:
    return f"{code[:3]} {code[3:]}"


def test_lookups_accept_the_code_with_spaces(
    db: Any, trainer: User, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer)
    for typed in (session.code, _spaced(session.code), f" {session.code[:3]}-{session.code[3:]} ",
                  f"{session.code[:3]}\u00a0{session.code[3:]}"):
        assert services.find_active_session(typed) == session, typed
        assert services.sessions_with_code(typed) == [session], typed


def test_participant_url_with_a_space_leads_to_the_session(
    app: Flask, trainer: User, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer)
    http = app.test_client()
    response = http.get(f"/live/{session.code[:3]}%20{session.code[3:]}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/live/{session.code}")
    assert http.get(response.headers["Location"]).status_code == 200


def test_socket_join_accepts_a_spaced_code(
    app: Flask, trainer: User, make_session: Callable[..., LiveSession],
    sock: Callable[[FlaskClient], Sock],
) -> None:
    session = make_session(trainer)
    http = app.test_client()
    ack = sock(http).call("join", {"code": _spaced(session.code), "role": "participant"})
    assert ack["ok"], ack
    assert ack["state"]["session"]["code"] == session.code
    bad = sock(app.test_client()).call("join", {"code": "12 34 5", "role": "participant"})
    assert bad["error"]["code"] == "bad_payload"


def test_projector_steers_only_for_its_own_trainer(
    app: Flask, client: FlaskClient, trainer: User, make_user: Callable[..., User],
    make_session: Callable[..., LiveSession], sock: Callable[[FlaskClient], Sock],
) -> None:
    session = make_session(trainer)
    presenter = sock(client)
    assert presenter.call("join", {"code": session.code, "role": "presenter"})["ok"]
    assert presenter.call("command", {"name": "start"})["state"]["phase"] == "situation"

    other = make_user(Role.TRAINER)
    http = app.test_client()
    http.post("/inloggen", data={"email": other.email, "password": PASSWORD})
    intruder = sock(http)
    assert intruder.call("join", {"code": session.code, "role": "presenter"})["error"]["code"] \
        == "forbidden"
    assert intruder.call("command", {"name": "open_vote"})["error"]["code"] == "not_joined"
    phone = sock(app.test_client())
    assert phone.call("join", {"code": session.code, "role": "participant"})["ok"]
    assert phone.call("command", {"name": "open_vote"})["error"]["code"] == "forbidden"
