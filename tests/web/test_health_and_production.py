"""/healthz readiness, the Socket.IO channel per installation, the routing cookie, and the clear
message when production settings meet plain http."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from flask import Flask

from learnplatform import create_app
from learnplatform.config import load_config


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket is closed


def test_healthz_answers_ok_when_the_database_answers(app: Flask) -> None:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_redis_is_configured_but_unreachable(
    app_config: dict[str, Any]
) -> None:
    app = create_app({**app_config, "REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "ok",
                                   "redis": "unavailable"}


def test_healthz_answers_503_when_the_database_is_unreachable(
    app_config: dict[str, Any]
) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{_closed_port()}/none?connect_timeout=2"
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_socketio_channel_is_unique_per_installation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOCKETIO_CHANNEL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://lp@db/provincie")
    first = load_config()["SOCKETIO_CHANNEL"]
    assert first == load_config()["SOCKETIO_CHANNEL"]  # every process of one installation agrees
    monkeypatch.setenv("DATABASE_URL", "postgresql://lp@db/gemeente")
    assert load_config()["SOCKETIO_CHANNEL"] != first
    monkeypatch.setenv("SOCKETIO_CHANNEL", "lp-gemeente")
    assert load_config()["SOCKETIO_CHANNEL"] == "lp-gemeente"


def test_every_device_gets_one_random_routing_cookie(app: Flask) -> None:
    first, second = app.test_client(), app.test_client()
    page = first.get("/")
    cookie = first.get_cookie("lp_route")
    assert cookie is not None
    assert "HttpOnly" in page.headers["Set-Cookie"]
    first.get("/privacy")
    assert first.get_cookie("lp_route").value == cookie.value  # kept, not renewed per page
    second.get("/")
    assert second.get_cookie("lp_route").value != cookie.value


def test_production_over_plain_http_explains_instead_of_a_form_error(
    app_config: dict[str, Any]
) -> None:
    app = create_app({**app_config, "ENV_NAME": "production", "SESSION_COOKIE_SECURE": True,
                      "WTF_CSRF_ENABLED": True})
    client = app.test_client()
    client.get("/inloggen")
    response = client.post("/inloggen", data={"email": "a@example.nl", "password": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "alleen via een beveiligde verbinding (https)" in page
    assert "Het formulier is verlopen" not in page
