"""HTTP views: builder, local dilemmas, trainer pages, participant page, join form, report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from learnplatform.auth.models import Role, User
from learnplatform.live import engine, services
from learnplatform.live.models import (
    AttendanceEntry,
    LiveSession,
    LocalDilemma,
    Participant,
    Vote,
)
from tests.conftest import PASSWORD

VALID_DILEMMA = {
    "title": "Stage bij de wethouder",
    "situation": "Je neef vraagt of je hem aan een stage bij de gemeente helpt.",
    "question": "Wat doe je?",
    "options-0-label": "Helpen",
    "options-0-text": "Je belt de wethouder.",
    "options-0-considerations": "Behulpzaam, maar schijn van belangenverstrengeling.",
    "options-1-label": "Verwijzen",
    "options-1-text": "Je verwijst naar de vacaturesite.",
    "options-1-considerations": "Zuiver, maar afstandelijk.",
    "values": "gelijke kansen, zuiverheid",
    "questions": "Wanneer is hulp vriendjespolitiek?\nWat zou een inwoner denken?",
    "themes": ["tijdens-het-ambt"],
    "audience": ["gemeente"],
}


def test_trainer_sees_nav_item_and_empty_list(client: FlaskClient, trainer: User) -> None:
    page = client.get("/live/sessies")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dilemmasessies" in html
    assert "Nieuwe sessie" in html


@pytest.mark.parametrize("role", [Role.DEELNEMER, Role.BEHEERDER])
def test_non_trainers_are_refused(client: FlaskClient, login_as: Callable[..., User],
                                  role: Role) -> None:
    login_as(role)
    assert client.get("/live/sessies").status_code == 403
    assert client.get("/live/sessies/nieuw").status_code == 403
    assert client.get("/live/dilemmas/nieuw").status_code == 403


def test_griffiers_build_rehearsals_but_write_no_dilemmas(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.GRIFFIER)
    assert client.get("/live/sessies").status_code == 200
    assert "Als griffier maak je hier oefensessies" in client.get(
        "/live/sessies/nieuw").get_data(as_text=True)
    assert client.get("/live/dilemmas").status_code == 403
    assert client.get("/live/dilemmas/nieuw").status_code == 403


def test_anonymous_is_sent_to_login(client: FlaskClient) -> None:
    assert client.get("/live/sessies/nieuw").status_code == 302


def test_local_dilemma_is_stored_and_selectable(client: FlaskClient, trainer: User,
                                                db: Any) -> None:
    response = client.post("/live/dilemmas/nieuw", data=VALID_DILEMMA)
    assert response.status_code == 302, response.get_data(as_text=True)
    local = db.session.scalars(select(LocalDilemma)).one()
    assert local.organisation_id == trainer.organisation_id
    assert [o["id"] for o in local.data["options"]] == ["a", "b"]
    assert local.data["facilitator"]["questions"][1] == "Wat zou een inwoner denken?"
    html = client.get("/live/sessies/nieuw").get_data(as_text=True)
    assert "Stage bij de wethouder" in html
    ref = f"local:{local.id}"
    response = client.post("/live/sessies/nieuw", data={"title": "Eigen", "item": [ref],
                                                        "action": "create"})
    assert response.status_code == 302
    session = db.session.scalars(select(LiveSession)).one()
    assert services.load_state(session).items[0].option_ids == ("a", "b")


def test_local_dilemma_is_not_visible_to_other_organisations(
    client: FlaskClient, trainer: User, db: Any, outsider: User,
    browser_of: Callable[[User], FlaskClient],
) -> None:
    client.post("/live/dilemmas/nieuw", data=VALID_DILEMMA)
    http = browser_of(outsider)
    assert "Stage bij de wethouder" not in http.get("/live/sessies/nieuw").get_data(as_text=True)
    local = db.session.scalars(select(LocalDilemma)).one()
    response = http.post("/live/sessies/nieuw", data={"title": "X", "action": "create",
                                                      "item": [f"local:{local.id}"]})
    assert response.status_code == 400
    response = http.post("/live/sessies/nieuw", data={"title": "X",
                                                      "action": f"add:local:{local.id}"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(LiveSession.id))) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"options-1-label": "", "options-1-text": "", "options-1-considerations": ""},
         "Vul 2 tot 5 keuzes in"),
        ({"options-1-considerations": ""}, "Vul dit veld in"),
        ({"title": ""}, "Geef het dilemma een titel"),
        ({"themes": []}, "Kies minstens één thema"),
        ({"values": " , "}, "Vul hier meer in"),
        ({"options-0-label": "x" * 81}, "Field cannot be longer than 80 characters"),
    ],
)
def test_local_dilemma_errors_per_field(client: FlaskClient, trainer: User, db: Any,
                                        change: dict[str, Any], message: str) -> None:
    response = client.post("/live/dilemmas/nieuw", data={**VALID_DILEMMA, **change})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LocalDilemma.id))) == 0


def test_qr_code_is_svg_without_inline_style(client: FlaskClient, trainer: User,
                                             make_session: Callable[..., LiveSession]) -> None:
    session = make_session(trainer)
    response = client.get(f"/live/sessies/{session.id}/qr.svg")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg")
    assert "style=" not in svg


def test_other_trainer_cannot_open_my_session_pages(
    app: Flask, trainer: User, make_session: Callable[..., LiveSession],
    make_user: Callable[..., User],
) -> None:
    session = make_session(trainer)
    other = make_user(Role.TRAINER)
    http = app.test_client()
    http.post("/inloggen", data={"email": other.email, "password": PASSWORD})
    for suffix in ("", "/qr.svg", "/presentatie", "/regie", "/rapport", "/rapport.csv",
                   "/regie/fragment", "/presentatie/fragment"):
        assert http.get(f"/live/sessies/{session.id}{suffix}").status_code == 403, suffix
    assert http.post(f"/live/sessies/{session.id}/regie/opdracht",
                     data={"name": "start"}).status_code == 403
    assert http.get("/live/sessies/9999/regie").status_code == 404


def _advance(db: Any, session: LiveSession, *commands: engine.Command) -> None:
    for command in commands:
        services.execute(session, command)
    db.session.commit()


def test_presenter_and_control_render_every_phase(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer)
    lobby = client.get(f"/live/sessies/{session.id}/presentatie").get_data(as_text=True)
    assert session.code in lobby
    assert "qr.svg" in lobby
    steps: list[tuple[engine.Command, str, str]] = [
        (engine.Start(), "Een fles wijn", "Stemming openen"),
        (engine.OpenVote(timer_seconds=30), "deelnemers hebben gestemd", "Stemming sluiten"),
        (engine.Reveal(), "Eerste stemming", "Bespreken"),
        (engine.Discuss(), "Eerste stemming", "Deze variant spelen"),
        (engine.StartVariation("thuisbezorgd"), "De fles wordt bij je thuis bezorgd",
         "Stemming openen"),
        (engine.Finish(), "Samenvatting", "Naar het rapport"),
    ]
    for command, presenter_text, control_text in steps:
        _advance(db, session, command)
        presenter = client.get(f"/live/sessies/{session.id}/presentatie").get_data(as_text=True)
        assert presenter_text in presenter, command
        control = client.get(f"/live/sessies/{session.id}/regie").get_data(as_text=True)
        assert control_text in control, command
        fragment = client.get(f"/live/sessies/{session.id}/regie/fragment")
        assert control_text in fragment.get_data(as_text=True)
        assert "<html" not in fragment.get_data(as_text=True)
    control = client.get(f"/live/sessies/{session.id}/regie").get_data(as_text=True)
    assert 'data-live-role="control"' in control
    assert "socket.io.min.js" in control


def test_control_commands_work_without_javascript(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer)
    url = f"/live/sessies/{session.id}/regie/opdracht"
    assert client.post(url, data={"name": "start"}).status_code == 302
    assert client.post(url, data={"name": "open_vote", "timer": "45"}).status_code == 302
    db.session.expire_all()
    assert session.state["phase"] == "voting"
    response = client.post(url, data={"name": "discuss"}, follow_redirects=True)
    assert "Dat kan nu niet in deze fase" in response.get_data(as_text=True)
    response = client.post(url, data={"name": "timer", "seconds": "2"}, follow_redirects=True)
    assert "Een timer duurt 5 tot 600 seconden" in response.get_data(as_text=True)
    db.session.expire_all()
    assert session.state["phase"] == "voting"


def test_participant_page_sets_a_token_cookie_and_votes_without_js(
    app: Flask, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer)
    http = app.test_client()
    page = http.get(f"/live/{session.code}")
    assert page.status_code == 200
    cookie = http.get_cookie(f"lp_live_{session.id}")
    assert cookie is not None
    assert cookie.http_only
    assert "De trainer start zo" in page.get_data(as_text=True)
    _advance(db, session, engine.Start(), engine.OpenVote())
    html = http.get(f"/live/{session.code}").get_data(as_text=True)
    assert 'aria-pressed="false"' in html
    assert http.post(f"/live/{session.code}/stem",
                     data={"round": "0:0", "option": "melden"}).status_code == 302
    html = http.get(f"/live/{session.code}").get_data(as_text=True)
    assert "Je stem is ontvangen" in html
    assert 'value="melden" class="live-option" aria-pressed="true"' in html
    assert db.session.scalar(select(func.count(Vote.id))) == 1
    assert db.session.scalar(select(func.count(Participant.id))) == 1
    _advance(db, session, engine.Reveal())
    html = http.get(f"/live/{session.code}").get_data(as_text=True)
    assert "Eerste stemming" in html
    assert http.post(f"/live/{session.code}/argument",
                     data={"text": "Teruggeven is netjes"}).status_code == 302


def test_unknown_code_page_is_404(client: FlaskClient) -> None:
    assert client.get("/live/000000").status_code == 404
    assert client.get("/live/abcdef").status_code == 404


def test_attendance_is_stored_apart(app: Flask, trainer: User, db: Any,
                                    make_session: Callable[..., LiveSession]) -> None:
    session = make_session(trainer, attendance=True)
    http = app.test_client()
    assert "Presentielijst" in http.get(f"/live/{session.code}").get_data(as_text=True)
    assert http.post(f"/live/{session.code}/aanwezig",
                     data={"name": "Robin Raadslid"}).status_code == 302
    assert "Presentielijst" not in http.get(f"/live/{session.code}").get_data(as_text=True)
    entry = db.session.scalars(select(AttendanceEntry)).one()
    assert entry.name == "Robin Raadslid"
    anonymous = make_session(trainer)
    assert http.post(f"/live/{anonymous.code}/aanwezig",
                     data={"name": "X"}).status_code == 404


def test_join_via_home_page_form(client: FlaskClient, app: Flask, trainer: User, db: Any,
                                 make_session: Callable[..., LiveSession]) -> None:
    session = make_session(trainer)
    visitor = app.test_client()
    spaced = f"{session.code[:3]} {session.code[3:]}"
    response = visitor.post("/deelnemen", data={"code": spaced})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/live/{session.code}")
    wrong = "000000" if session.code != "000000" else "111111"
    assert visitor.post("/deelnemen", data={"code": wrong}).status_code == 400
    _advance(db, session, engine.End())
    assert visitor.post("/deelnemen", data={"code": session.code}).status_code == 400


def test_my_sessions_lists_sessions(client: FlaskClient, trainer: User,
                                    make_session: Callable[..., LiveSession]) -> None:
    session = make_session(trainer)
    html = client.get("/live/sessies").get_data(as_text=True)
    assert session.code in html
    assert "Raadsavond" in html
