"""The trainer's debrief and the programme's draaiboek: on the control view only (issue #14)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from learnplatform.auth.models import User
from learnplatform.live import engine, services
from learnplatform.live.models import LiveSession
from learnplatform.live.snapshot import build_state

DEBRIEF_TEXT = "Het moment van een cadeau zegt vaak meer dan de prijs."


def _advance(db: Any, session: LiveSession, *commands: engine.Command) -> None:
    for command in commands:
        services.execute(session, command)
    db.session.commit()


def test_control_shows_the_debrief_but_projector_and_phones_never_do(
    app: Flask, client: FlaskClient, trainer: User, db: Any,
    make_session: Callable[..., LiveSession],
) -> None:
    session = make_session(trainer)
    _advance(db, session, engine.Start(), engine.OpenVote(), engine.Reveal())
    control = client.get(f"/live/sessies/{session.id}/regie").get_data(as_text=True)
    assert "Duiding voor de trainer" in control
    assert DEBRIEF_TEXT in control
    assert "<strong>lopend belang</strong>" in control  # the rule's Markdown is rendered
    assert "Dat hangt af van de grens in jullie eigen gedragscode." in control
    presenter = client.get(f"/live/sessies/{session.id}/presentatie").get_data(as_text=True)
    phone = app.test_client().get(f"/live/{session.code}").get_data(as_text=True)
    for page in (presenter, phone):
        assert "Duiding" not in page
        assert DEBRIEF_TEXT not in page
    assert "debrief" not in str(build_state(session, "participant"))


def test_control_shows_which_block_of_the_programme_runs_and_its_minutes(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession],
) -> None:
    session = make_session(trainer)  # gift, threat: the dilemmas of programme `avond`
    url = f"/live/sessies/{session.id}/regie/fragment"
    lobby = client.get(url).get_data(as_text=True)
    assert "Draaiboek: Integriteitsavond (60 minuten)" in lobby
    assert _current(lobby).startswith("0:00")
    assert "Opening" in _current(lobby)
    _advance(db, session, engine.Start(), engine.Next())
    second = client.get(url).get_data(as_text=True)
    assert "0:35" in _current(second)
    assert "Een dreigend bericht" in _current(second)
    assert "15 min" in _current(second)
    _advance(db, session, engine.Finish())
    assert "Afsluiting" in _current(client.get(url).get_data(as_text=True))


def test_a_session_not_built_from_a_programme_has_no_draaiboek(
    client: FlaskClient, trainer: User, make_session: Callable[..., LiveSession],
) -> None:
    session = make_session(trainer, refs=("threat", "gift"))
    assert "Draaiboek" not in client.get(f"/live/sessies/{session.id}/regie").get_data(
        as_text=True)


def test_lobby_says_once_that_the_session_is_not_legal_advice(
    app: Flask, client: FlaskClient, trainer: User, db: Any,
    make_session: Callable[..., LiveSession],
) -> None:
    session = make_session(trainer)
    note = 'class="live-legal-note"'  # the rendered note (the phone page also carries its text
    # in a data attribute for the script that redraws the lobby)
    assert note in client.get(f"/live/sessies/{session.id}/presentatie").get_data(as_text=True)
    phone = app.test_client()
    assert note in phone.get(f"/live/{session.code}").get_data(as_text=True)
    _advance(db, session, engine.Start())
    assert note not in client.get(f"/live/sessies/{session.id}/presentatie").get_data(
        as_text=True)
    assert note not in phone.get(f"/live/{session.code}").get_data(as_text=True)


def _current(html: str) -> str:
    """The text of the draaiboek item marked current."""
    start = html.index(">", html.index('aria-current="step"')) + 1
    return " ".join(re.sub(r"<[^>]+>", "", html[start: html.index("</li>", start)]).split())
