"""Navigation per role, and the mail service (log fallback and SMTP)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

from learnplatform import create_app, mail
from learnplatform.auth.models import Role, User


def _nav(client: FlaskClient) -> list[str]:
    page = client.get("/").get_data(as_text=True)
    nav = page.split('class="nav-list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r">([^<>]+)</a>", nav)


def test_visitor_sees_start_only(client: FlaskClient) -> None:
    assert _nav(client) == ["Start"]


@pytest.mark.parametrize("role", [Role.DEELNEMER, Role.TRAINER, Role.GRIFFIER])
def test_logged_in_user_sees_start_and_account_but_not_beheer(
    client: FlaskClient, login_as: Callable[..., User], role: Role
) -> None:
    login_as(role)
    items = _nav(client)
    assert items[0] == "Start"
    assert "Account" in items
    assert "Beheer" not in items


def test_beheerder_sees_beheer(client: FlaskClient, login_as: Callable[..., User]) -> None:
    login_as(Role.BEHEERDER)
    assert {"Start", "Account", "Beheer"} <= set(_nav(client))


def test_mail_without_server_goes_to_the_log(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=app.logger.name), app.test_request_context():
        mail.send_mail("a@example.nl", "Onderwerp", "Tekst van het bericht")
    assert "Tekst van het bericht" in caplog.text
    assert mail.outbox()[-1].subject == "Onderwerp"


class FakeSMTP:
    """Records what would have gone over SMTP."""

    sent: list[Any] = []
    calls: list[str] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.calls.append(f"connect {host}:{port}")

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        self.calls.append("quit")

    def starttls(self) -> None:
        self.calls.append("starttls")

    def login(self, user: str, password: str) -> None:
        self.calls.append(f"login {user}")

    def send_message(self, message: Any) -> None:
        self.sent.append(message)


def test_mail_with_server_uses_smtp(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.nl", MAIL_PORT=587, MAIL_USE_TLS=True,
                      MAIL_USERNAME="lp", MAIL_PASSWORD="x", MAIL_SENDER="lp@example.nl")
    with app.test_request_context():
        mail.send_mail("a@example.nl", "Onderwerp", "Tekst")
    assert FakeSMTP.calls == ["connect smtp.example.nl:587", "starttls", "login lp", "quit"]
    message = FakeSMTP.sent[-1]
    assert (message["To"], message["From"], message["Subject"]) == (
        "a@example.nl", "lp@example.nl", "Onderwerp")


def test_trusted_proxy_gives_rate_limits_the_client_address(app_config: dict[str, Any]) -> None:
    for proxies, expected in ((0, "127.0.0.1"), (1, "203.0.113.9")):
        app = create_app({**app_config, "TRUSTED_PROXIES": proxies})
        app.add_url_rule("/_ip", "ip", lambda: request.remote_addr or "")
        answer = app.test_client().get("/_ip", headers={"X-Forwarded-For": "203.0.113.9"})
        assert answer.get_data(as_text=True) == expected
