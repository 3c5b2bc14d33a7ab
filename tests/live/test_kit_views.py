"""Downloading the trainer kit from the builder (per programme) and the session page."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from learnplatform.auth.models import Role, User
from learnplatform.live.models import LiveSession
from tests.conftest import PASSWORD


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


def test_builder_shows_each_programme_with_timing_and_its_kit(
    client: FlaskClient, trainer: User,
) -> None:
    page = client.get("/live/sessies/nieuw").get_data(as_text=True)
    assert "Kant-en-klare programma" in page
    assert "60 minuten, 2 dilemma" in page
    assert "Dilemma 2 · 15 min" in " ".join(page.split())
    assert "/live/programmas/avond/trainerskit.pdf" in page
    response = client.get("/live/programmas/avond/trainerskit.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = _pdf_text(response.data)
    assert "Integriteitsavond" in text
    assert "Een fles wijn" in text
    assert "Een dreigend bericht" in text
    assert client.get("/live/programmas/bestaat-niet/trainerskit.pdf").status_code == 404


def test_session_page_offers_the_kit_to_its_trainer_only(
    app: Flask, client: FlaskClient, trainer: User, make_session: Callable[..., LiveSession],
    make_user: Callable[..., User],
) -> None:
    session = make_session(trainer)
    url = f"/live/sessies/{session.id}/trainerskit.pdf"
    assert url in client.get(f"/live/sessies/{session.id}").get_data(as_text=True)
    response = client.get(url)
    assert response.status_code == 200
    assert "Draaiboek" in _pdf_text(response.data)
    other = make_user(Role.TRAINER)
    http = app.test_client()
    http.post("/inloggen", data={"email": other.email, "password": PASSWORD})
    assert http.get(url).status_code == 403
    member = app.test_client()
    member.post("/inloggen", data={"email": make_user(Role.DEELNEMER).email,
                                   "password": PASSWORD})
    assert member.get(url).status_code == 403
    assert member.get("/live/programmas/avond/trainerskit.pdf").status_code == 403
    # participants of the session never see a link to it
    assert "trainerskit" not in app.test_client().get(f"/live/{session.code}").get_data(
        as_text=True)


def test_missing_fonts_give_a_clear_message_not_a_stack_trace(
    app: Flask, client: FlaskClient, trainer: User, tmp_path: Any,
) -> None:
    app.config["KIT_FONT_DIR"] = str(tmp_path)
    response = client.get("/live/programmas/avond/trainerskit.pdf", follow_redirects=True)
    assert response.status_code == 200
    assert "De trainerskit kan nu niet worden gemaakt" in response.get_data(as_text=True)
