"""Rehearsal sessions: simulated participants vote whenever a vote opens, so a trainer can practise
alone; real participants can still join, and the votes go through the normal path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from learnplatform.auth.models import Role, User
from learnplatform.live import rehearsal, services, votes
from learnplatform.live.models import LiveSession
from tests.live.clock import ManualClock
from tests.live.conftest import Sock

OPTIONS = ("aannemen", "melden", "teruggeven")


def test_plan_is_repeatable_valid_and_differs_per_round() -> None:
    ids = list(range(1, 41))
    plan = rehearsal.plan_votes(ids, OPTIONS, "7:0:0", within=8)
    assert plan == rehearsal.plan_votes(ids, OPTIONS, "7:0:0", within=8)
    assert sorted(pid for _d, pid, _o in plan) == ids
    assert {option for _d, _p, option in plan} <= set(OPTIONS)
    delays = [delay for delay, _p, _o in plan]
    assert delays == sorted(delays)
    assert delays[0] > 0
    assert delays[-1] <= 8
    spreads = {tuple(o for _d, _p, o in rehearsal.plan_votes(ids, OPTIONS, f"7:0:{n}"))
               for n in range(5)}
    assert len(spreads) == 5


def _rehearsal(trainer: User, db: Any, simulated: int = 6) -> LiveSession:
    session = services.create_session(trainer, "Oefenen", ["gift"], simulated=simulated)
    db.session.commit()
    return session


def test_simulated_participants_are_in_the_lobby(trainer: User, db: Any) -> None:
    session = _rehearsal(trainer, db)
    assert votes.participant_count(session.id) == 6
    assert len(rehearsal.simulated_ids(session)) == 6


def test_every_round_gets_the_simulated_votes_and_real_people_can_join(
    app: Flask, client: FlaskClient, trainer: User, db: Any,
    sock: Callable[[FlaskClient], Sock], participant: Callable[[str], Sock],
    live_clock: ManualClock,
) -> None:
    session = _rehearsal(trainer, db)
    control = sock(client)
    assert control.call("join", {"code": session.code, "role": "control"})["ok"]
    person = participant(session.code)
    control.call("command", {"name": "start"})
    ack = control.call("command", {"name": "open_vote"})
    assert ack["ok"]
    live_clock.run_for(rehearsal.VOTE_WITHIN_SECONDS + 0.5)
    assert votes.vote_total(session.id, "0:0") == 6
    assert control.events("count")[-1]["votes"] == 6
    assert person.call("vote", {"option": "melden"})["ok"]
    revealed = control.call("command", {"name": "reveal"})["state"]
    assert revealed["rounds"][-1]["total"] == 7
    control.call("command", {"name": "variation", "variation": "thuisbezorgd"})
    control.call("command", {"name": "open_vote"})
    live_clock.run_for(rehearsal.VOTE_WITHIN_SECONDS + 0.5)
    assert votes.vote_total(session.id, "0:1") == 6


def test_the_simulation_stops_when_the_vote_closed(trainer: User, db: Any) -> None:
    session = _rehearsal(trainer, db)
    from learnplatform.live import engine

    services.execute(session, engine.Start())
    services.execute(session, engine.OpenVote())
    services.execute(session, engine.CloseVote())
    db.session.commit()
    assert rehearsal.cast_planned(session.id, "0:0", wait=False) == 0
    assert votes.vote_total(session.id, "0:0") == 0


def test_in_the_background_the_votes_arrive_spread_over_the_first_seconds(
    app: Flask, client: FlaskClient, trainer: User, db: Any,
    sock: Callable[[FlaskClient], Sock], live_clock: ManualClock,
) -> None:
    session = _rehearsal(trainer, db, simulated=4)
    control = sock(client)
    control.call("join", {"code": session.code, "role": "control"})
    control.call("command", {"name": "start"})
    asleep = live_clock.loops()
    control.call("command", {"name": "open_vote"})
    live_clock.wait_for_loops(asleep + 1)  # the rehearsal's voters wait on the clock
    live_clock.advance(0.2)
    db.session.rollback()
    assert votes.vote_total(session.id, "0:0") < 4  # not all at once
    live_clock.run_for(rehearsal.VOTE_WITHIN_SECONDS + 0.5)
    db.session.rollback()
    assert votes.vote_total(session.id, "0:0") == 4


def test_builder_makes_a_rehearsal_and_checks_the_number(
    client: FlaskClient, trainer: User, db: Any,
) -> None:
    refused = client.post("/live/sessies/nieuw", data={
        "title": "Oefenen", "item": ["gift"], "action": "create", "rehearsal": "y",
        "simulated": "1"})
    assert refused.status_code == 400
    assert "Kies 2 tot 60." in refused.get_data(as_text=True)
    response = client.post("/live/sessies/nieuw", data={
        "title": "Oefenen", "item": ["gift"], "action": "create", "rehearsal": "y",
        "simulated": "8"})
    assert response.status_code == 302
    session = db.session.scalars(select(LiveSession)).one()
    assert session.simulated_participants == 8
    page = client.get(f"/live/sessies/{session.id}").get_data(as_text=True)
    assert "Oefensessie: 8 gesimuleerde deelnemers stemmen mee." in page
    plain = client.post("/live/sessies/nieuw", data={"title": "Echt", "item": ["gift"],
                                                     "action": "create"})
    assert plain.status_code == 302
    real = db.session.scalars(select(LiveSession).where(LiveSession.title == "Echt")).one()
    assert real.simulated_participants is None
    assert votes.participant_count(real.id) == 0


def test_a_griffier_practises_with_a_rehearsal_only(
    client: FlaskClient, login_as: Callable[..., User], db: Any,
) -> None:
    griffier = login_as(Role.GRIFFIER)
    response = client.post("/live/sessies/nieuw", data={"title": "Oefenen", "item": ["gift"],
                                                        "action": "create"})
    assert response.status_code == 302
    session = db.session.scalars(select(LiveSession)).one()
    assert session.owner_id == griffier.id
    assert session.simulated_participants == 12  # a griffier's session is always a rehearsal
    assert client.get(f"/live/sessies/{session.id}/regie").status_code == 200
    # a real session owned by a griffier (say, made before a role change) cannot be steered
    session.simulated_participants = None
    db.session.commit()
    assert client.get(f"/live/sessies/{session.id}/regie").status_code == 403


def test_a_griffier_steers_a_rehearsal_over_the_socket(
    client: FlaskClient, login_as: Callable[..., User], db: Any,
    sock: Callable[[FlaskClient], Sock], live_clock: ManualClock,
) -> None:
    griffier = login_as(Role.GRIFFIER)
    session = services.create_session(griffier, "Oefenen", ["gift"], simulated=3)
    db.session.commit()
    control = sock(client)
    assert control.call("join", {"code": session.code, "role": "control"})["ok"]
    assert control.call("command", {"name": "start"})["ok"]
    assert control.call("command", {"name": "open_vote"})["ok"]
    live_clock.run_for(rehearsal.VOTE_WITHIN_SECONDS + 0.5)
    assert votes.vote_total(session.id, "0:0") == 3
    real = services.create_session(griffier, "Echt", ["gift"])
    db.session.commit()
    refused = sock(client).call("join", {"code": real.code, "role": "control"})
    assert refused["error"]["code"] == "forbidden"
