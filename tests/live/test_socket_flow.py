"""A full dilemma over Socket.IO: control, presenter and participants, reveal and a variation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from learnplatform.live.models import LiveSession, Vote
from tests.databases import DATABASES, database_config
from tests.live.clock import ManualClock
from tests.live.conftest import Sock


@pytest.fixture(params=DATABASES)
def app_config(app_config: dict[str, Any], request: pytest.FixtureRequest
               ) -> Iterator[dict[str, Any]]:
    """The live test configuration, on SQLite and on PostgreSQL."""
    yield from database_config(app_config, request.param)


def _phase(ack: dict[str, Any]) -> str:
    assert ack["ok"], ack
    return str(ack["state"]["phase"])


def test_full_dilemma_with_reveal_and_variation(
    db: Any, client: FlaskClient, control: tuple[Sock, LiveSession],
    participant: Callable[[str], Sock], sock: Callable[[FlaskClient], Sock],
    live_clock: ManualClock,
) -> None:
    ctrl, session = control
    presenter = sock(client)
    assert presenter.call("join", {"code": session.code, "role": "presenter"})["ok"]
    people = [participant(session.code) for _ in range(3)]

    assert _phase(ctrl.call("command", {"name": "start"})) == "situation"
    ack = ctrl.call("command", {"name": "open_vote", "timer": 60})
    assert _phase(ack) == "voting"
    assert ack["state"]["timer_ends_at"] is not None

    for person, option in zip(people, ["aannemen", "aannemen", "teruggeven"], strict=True):
        vote = person.call("vote", {"round": "0:0", "option": option})
        assert vote == {"ok": True, "round": "0:0", "option": option}
    # changing a vote keeps one row per participant
    assert people[2].call("vote", {"round": "0:0", "option": "melden"})["ok"]
    assert db.session.scalar(select(func.count(Vote.id))) == 3

    live_clock.advance(0.1)  # the production count loop sends the coalesced count
    counts = ctrl.events("count")
    assert counts[-1] == {"round": "0:0", "votes": 3, "participants": 3}
    assert presenter.events("count")[-1]["votes"] == 3

    ack = ctrl.call("command", {"name": "reveal"})
    assert _phase(ack) == "revealed"
    first = ack["state"]["rounds"][0]
    assert first["total"] == 3
    assert {r["option"]: r["count"] for r in first["results"]} == {
        "aannemen": 2, "melden": 1, "teruggeven": 0}

    states = people[0].events("state")
    assert states[-1]["phase"] == "revealed"
    assert states[-1]["rounds"][0]["results"][0]["count"] == 2

    assert _phase(ctrl.call("command", {"name": "discuss"})) == "discussion"
    argument = people[1].call("argument", {"text": "Iedereen kreeg er een."})
    assert argument["ok"]
    queued = ctrl.events("argument_new")
    assert queued[-1]["text"] == "Iedereen kreeg er een."
    assert all(m["name"] != "argument_new" for m in people[0].received + people[0].drain())
    assert ctrl.call("moderate", {"argument": argument["id"], "action": "show"}) == {"ok": True}
    assert people[0].events("arguments")[-1] == {
        "shown": [{"id": argument["id"], "text": "Iedereen kreeg er een."}]}

    ack = ctrl.call("command", {"name": "variation", "variation": "thuisbezorgd"})
    assert _phase(ack) == "situation"
    assert [r["key"] for r in ack["state"]["rounds"]] == ["0:0", "0:1"]
    assert _phase(ctrl.call("command", {"name": "open_vote"})) == "voting"
    stale = people[0].call("vote", {"round": "0:0", "option": "aannemen"})
    assert stale["error"]["code"] == "stale_round"
    for person in people:
        assert person.call("vote", {"round": "0:1", "option": "teruggeven"})["ok"]
    ack = ctrl.call("command", {"name": "reveal"})
    rounds = ack["state"]["rounds"]
    assert [r["total"] for r in rounds] == [3, 3]
    assert rounds[1]["results"][2] == {"option": "teruggeven", "count": 3, "percent": 100}
    played = people[0].events("state")[-1]["dilemma"]["variations_played"]
    assert [v["id"] for v in played] == ["thuisbezorgd"]

    assert _phase(ctrl.call("command", {"name": "next"})) == "situation"
    assert _phase(ctrl.call("command", {"name": "next"})) == "summary"
    ack = ctrl.call("command", {"name": "end"})
    assert _phase(ack) == "ended"
    final = people[0].events("state")[-1]
    assert final["phase"] == "ended"
    assert {m["id"] for m in final["related_modules"]} == {"geschenken", "veilig-bestuur"}
    assert final["related_modules"][0]["url"] == "/leren/geschenken"


def test_participants_never_see_results_before_reveal(
    control: tuple[Sock, LiveSession], participant: Callable[[str], Sock]
) -> None:
    ctrl, session = control
    people = [participant(session.code) for _ in range(2)]
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    people[0].call("vote", {"round": "0:0", "option": "aannemen"})
    people[1].call("vote", {"round": "0:0", "option": "melden"})
    ctrl.call("command", {"name": "close_vote"})
    rejoin = people[0].call("join", {"code": session.code, "role": "participant"})
    for person in people:
        person.drain()
        for message in person.received:
            assert message["name"] in ("state", "arguments")
            payload = message["args"][0]
            for rnd in payload.get("rounds", []):
                assert "results" not in rnd
                assert "total" not in rnd
            assert "votes" not in payload
            assert "notes" not in payload
    assert all("results" not in r for r in rejoin["state"]["rounds"])
    assert rejoin["state"]["you"] == {"vote": "aannemen"}
    ctrl.call("command", {"name": "reveal"})
    assert "results" in people[1].events("state")[-1]["rounds"][0]


def test_rejoin_after_reconnect_restores_state_and_own_vote(
    app: Any, control: tuple[Sock, LiveSession], sock: Callable[[FlaskClient], Sock]
) -> None:
    ctrl, session = control
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    http = app.test_client()
    http.get(f"/live/{session.code}")
    first = sock(http)
    assert first.call("join", {"code": session.code, "role": "participant"})["state"]["you"] == {
        "vote": None}
    first.call("vote", {"round": "0:0", "option": "melden"})
    first.disconnect()
    again = sock(http)  # new socket id, same cookie
    ack = again.call("join", {"code": session.code, "role": "participant"})
    assert ack["state"]["phase"] == "voting"
    assert ack["state"]["you"] == {"vote": "melden"}
    assert "token" not in ack  # known participant
    assert again.call("vote", {"round": "0:0", "option": "aannemen"})["ok"]


def test_token_in_join_for_clients_without_cookies(
    control: tuple[Sock, LiveSession], app: Any, sock: Callable[[FlaskClient], Sock]
) -> None:
    ctrl, session = control
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    bare = sock(app.test_client())
    ack = bare.call("join", {"code": session.code, "role": "participant"})
    token = ack["token"]
    assert bare.call("vote", {"round": "0:0", "option": "melden"})["ok"]
    other = sock(app.test_client())
    ack = other.call("join", {"code": session.code, "role": "participant", "token": token})
    assert ack["state"]["you"] == {"vote": "melden"}


def test_presenter_and_control_can_rejoin(
    client: FlaskClient, control: tuple[Sock, LiveSession], sock: Callable[[FlaskClient], Sock]
) -> None:
    ctrl, session = control
    ctrl.call("command", {"name": "start"})
    ctrl.disconnect()
    again = sock(client)
    ack = again.call("join", {"code": session.code, "role": "control"})
    assert ack["state"]["phase"] == "situation"
    assert ack["state"]["notes"]["questions"] == [
        "Maakt het uit dat iedereen dezelfde fles kreeg?"]
    assert "open_vote" in ack["state"]["commands"]


def test_votes_and_participant_joins_skip_the_per_event_request_context(
    monkeypatch: Any, control: tuple[Sock, LiveSession], participant: Callable[[str], Sock],
) -> None:
    """`vote` and a participant's `join` are the events a whole room sends at once; they run in
    a plain app context (see docs/benchmarks.md), while every other event (a trainer's join
    too) keeps Flask-SocketIO's request context."""
    from learnplatform.extensions import socketio

    through_request_context: list[str] = []
    original = socketio._handle_event

    def spy(handler: Any, message: str, *args: Any) -> Any:
        through_request_context.append(message)
        return original(handler, message, *args)

    monkeypatch.setattr(socketio, "_handle_event", spy)
    ctrl, session = control
    person = participant(session.code)
    ctrl.call("command", {"name": "start"})
    ctrl.call("command", {"name": "open_vote"})
    assert person.call("vote", {"option": "aannemen"})["ok"]
    assert person.call("vote", {"option": 7})["error"]["code"] == "bad_payload"
    assert "vote" not in through_request_context
    assert "join" not in through_request_context
    assert ctrl.call("join", {"code": session.code, "role": "control"})["ok"]
    assert {"join", "command"} <= set(through_request_context)
