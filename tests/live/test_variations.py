"""Variations: a trainer's own dilemma with "Maar wat als…?" variations, facilitator questions
and a debrief; and the ad-hoc variation typed during a session, in the engine, over the socket
and without JavaScript. Hostile input is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from learnplatform.auth.models import User
from learnplatform.live import services
from learnplatform.live.engine import (
    IllegalCommand,
    Item,
    OpenVote,
    Phase,
    Reveal,
    RoundCreated,
    SessionState,
    Start,
    StartAdHocVariation,
    StartVariation,
    apply,
)
from learnplatform.live.models import LiveSession, LocalDilemma
from tests.live.conftest import Sock
from tests.live.test_socket_hostile import snapshot
from tests.live.test_views import VALID_DILEMMA


def revealed() -> SessionState:
    state = SessionState(items=(Item("gift", ("a", "b"), ("later",)),))
    for command in (Start(), OpenVote(), Reveal()):
        state, _events = apply(state, command, 0)
    return state


def test_engine_adhoc_variation_opens_a_round_like_a_prepared_one() -> None:
    state, events = apply(revealed(), StartAdHocVariation("  Maar wat als   het je oom is? "), 0)
    assert state.phase is Phase.SITUATION
    current = state.current_round
    assert current is not None
    assert (current.key, current.variation_id, current.text) == (
        "0:1", "adhoc-1", "Maar wat als het je oom is?")
    assert RoundCreated("0:1", 0, 1, "adhoc-1", "Maar wat als het je oom is?") in events
    assert SessionState.from_dict(state.to_dict()) == state
    for command in (OpenVote(), Reveal()):
        state, _events = apply(state, command, 0)
    state, _events = apply(state, StartVariation("later"), 0)  # prepared ones still play
    assert [r.variation_id for r in state.rounds] == [None, "adhoc-1", "later"]


@pytest.mark.parametrize("text", ["", "   ", "twee\nregels", "x" * 201, "nul\x00byte", 12, None])
def test_engine_refuses_bad_adhoc_text(text: Any) -> None:
    with pytest.raises(IllegalCommand) as refused:
        apply(revealed(), StartAdHocVariation(text), 0)
    assert refused.value.code == "bad_variation_text"


def test_engine_refuses_adhoc_outside_the_discussion() -> None:
    state = SessionState(items=(Item("gift", ("a", "b")),))
    state, _events = apply(state, Start(), 0)
    with pytest.raises(IllegalCommand) as refused:
        apply(state, StartAdHocVariation("Maar wat als?"), 0)
    assert refused.value.code == "wrong_phase"


def test_adhoc_variation_over_the_socket(control: tuple[Sock, LiveSession],
                                         participant: Callable[[str], Sock], db: Any) -> None:
    ctrl, session = control
    person = participant(session.code)
    for name in ("start", "open_vote", "reveal"):
        assert ctrl.call("command", {"name": name})["ok"]
    ack = ctrl.call("command", {"name": "adhoc_variation", "text": "Het is je oom."})
    assert ack["ok"], ack
    assert ack["state"]["phase"] == "situation"
    states = person.events("state")
    assert states[-1]["dilemma"]["variations_played"] == [
        {"id": "adhoc-1", "text_html": "Het is je oom."}]
    assert ctrl.call("command", {"name": "open_vote"})["ok"]
    assert person.call("vote", {"round": "0:1", "option": "aannemen"})["ok"]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"name": "adhoc_variation"}, "bad_variation_text"),
        ({"name": "adhoc_variation", "text": ""}, "bad_payload"),
        ({"name": "adhoc_variation", "text": "x" * 201}, "bad_payload"),
        ({"name": "adhoc_variation", "text": 5}, "bad_payload"),
        ({"name": "adhoc_variation", "text": ["lijst"]}, "bad_payload"),
        ({"name": "adhoc_variation", "text": "twee\nregels"}, "bad_variation_text"),
        ({"name": "adhoc_variation", "text": "<script>alert(1)</script>", "x": 1}, "bad_payload"),
    ],
)
def test_hostile_adhoc_payloads_change_nothing(control: tuple[Sock, LiveSession], db: Any,
                                               payload: dict[str, Any], code: str) -> None:
    ctrl, _session = control
    for name in ("start", "open_vote", "reveal"):
        assert ctrl.call("command", {"name": name})["ok"]
    before = snapshot(db)
    ack = ctrl.call("command", payload)
    assert ack["ok"] is False
    assert ack["error"]["code"] == code
    assert snapshot(db) == before


def test_participants_cannot_send_adhoc_variations(control: tuple[Sock, LiveSession],
                                                   participant: Callable[[str], Sock],
                                                   db: Any) -> None:
    ctrl, session = control
    person = participant(session.code)
    for name in ("start", "open_vote", "reveal"):
        ctrl.call("command", {"name": name})
    before = snapshot(db)
    ack = person.call("command", {"name": "adhoc_variation", "text": "Ik ook"})
    assert ack["error"]["code"] == "forbidden"
    assert snapshot(db) == before


def test_adhoc_variation_without_javascript(client: FlaskClient, trainer: User, db: Any,
                                            make_session: Callable[..., LiveSession]) -> None:
    session = make_session(trainer)
    for command in (Start(), OpenVote(), Reveal()):
        services.execute(session, command)
    db.session.commit()
    page = client.get(f"/live/sessies/{session.id}/regie").get_data(as_text=True)
    assert 'name="name" value="adhoc_variation"' in page
    url = f"/live/sessies/{session.id}/regie/opdracht"
    before = snapshot(db)
    bad = client.post(url, data={"name": "adhoc_variation", "text": "x" * 300},
                      follow_redirects=True)
    assert "Het bericht is ongeldig" in bad.get_data(as_text=True)
    assert snapshot(db) == before
    client.post(url, data={"name": "adhoc_variation", "text": "<b>Het is je oom</b>"})
    db.session.expire_all()
    state = services.load_state(db.session.get(LiveSession, session.id))
    assert state.current_round is not None
    assert state.current_round.text == "<b>Het is je oom</b>"
    html = client.get(f"/live/sessies/{session.id}/presentatie").get_data(as_text=True)
    assert "&lt;b&gt;Het is je oom&lt;/b&gt;" in html
    assert "<b>Het is je oom</b>" not in html


def _own(**changes: Any) -> dict[str, Any]:
    return {**VALID_DILEMMA, **changes}


def test_own_dilemma_with_variations_questions_and_debrief(
    client: FlaskClient, trainer: User, db: Any
) -> None:
    response = client.post("/live/dilemmas/nieuw", data=_own(**{
        "variations-0-text": "De neef is de zoon van de wethouder.",
        "variations-1-text": "",
        "variations-2-text": "De stage is betaald.",
        "debrief": "Artikel 15 Gemeentewet geldt niet; het gaat om **schijn**.",
    }))
    assert response.status_code == 302, response.get_data(as_text=True)
    local = db.session.scalars(select(LocalDilemma)).one()
    assert local.data["variations"] == [
        {"id": "wat-als-1", "text": "De neef is de zoon van de wethouder."},
        {"id": "wat-als-2", "text": "De stage is betaald."}]
    assert local.data["debrief"]["rule"].startswith("Artikel 15")
    edit = client.get(f"/live/dilemmas/{local.id}/bewerken").get_data(as_text=True)
    assert "De stage is betaald." in edit
    assert "Artikel 15 Gemeentewet" in edit
    session = services.create_session(trainer, "Eigen", [f"local:{local.id}"])
    for command in (Start(), OpenVote(), Reveal()):
        services.execute(session, command)
    db.session.commit()
    control = client.get(f"/live/sessies/{session.id}/regie").get_data(as_text=True)
    assert "De stage is betaald." in control
    assert "<strong>schijn</strong>" in control
    services.execute(session, StartVariation("wat-als-2"))
    db.session.commit()
    assert services.load_state(session).current_round.variation_id == "wat-als-2"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "field_id"),
    [
        ({"variations-0-text": "x" * 601}, "variations-0-text"),
        ({"options-0-considerations": "<script>alert(1)</script>"}, "options-0-considerations"),
        ({"debrief": "een" + "heel" * 12 + "langwoord"}, "debrief"),
        ({"debrief": "<img src=x onerror=alert(1)>"}, "debrief"),
        ({"situation": "![foto](http://x/y.png)"}, "situation"),
    ],
)
def test_own_dilemma_text_is_checked_like_content_files(
    client: FlaskClient, trainer: User, db: Any, change: dict[str, str], field_id: str
) -> None:
    response = client.post("/live/dilemmas/nieuw", data=_own(**change))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field_id}-error"' in html
    assert db.session.scalars(select(LocalDilemma)).first() is None
