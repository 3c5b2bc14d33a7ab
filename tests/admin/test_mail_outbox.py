"""Development mail: printed in full to the console and kept in an outbox page for the beheerder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from learnplatform import create_app, mail
from learnplatform.auth.models import Role, User
from learnplatform.auth.services import create_user
from learnplatform.extensions import db
from tests.conftest import PASSWORD


def test_mail_is_printed_in_full_and_kept_in_the_outbox(
    app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    with app.test_request_context():
        mail.send_mail("anna@example.nl", "Welkom", "Kies je wachtwoord: https://x.test/link")
        kept = mail.dev_outbox()
    err = capsys.readouterr().err
    assert "To: anna@example.nl" in err
    assert "Kies je wachtwoord: https://x.test/link" in err
    assert [m.subject for m in kept] == ["Welkom"]


def test_beheerder_reads_the_outbox_with_clickable_links(
    app: Flask, client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.BEHEERDER)
    client.post("/wachtwoord-vergeten", data={"email": "nobody@example.nl"})
    with app.test_request_context():
        mail.send_mail("anna@example.nl", "Welkom", "Link: https://x.test/wachtwoord-instellen/abc")
        db.session.commit()  # mail leaves with the commit of the change it belongs to
    page = client.get("/beheer/mail").get_data(as_text=True)
    assert "anna@example.nl" in page
    assert '<a href="https://x.test/wachtwoord-instellen/abc"' in page
    assert "/beheer/mail" in client.get("/beheer/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.DEELNEMER, Role.GRIFFIER, Role.TRAINER])
def test_others_cannot_read_the_outbox(
    client: FlaskClient, login_as: Callable[..., User], role: Role
) -> None:
    login_as(role)
    assert client.get("/beheer/mail").status_code == 403


def test_no_outbox_in_production(app_config: dict[str, Any]) -> None:
    prod = create_app({**app_config, "ENV_NAME": "production", "MAIL_OUTBOX_FILE": None})
    with prod.test_request_context():
        mail.send_mail("anna@example.nl", "Welkom", "geheim")
        assert not mail.dev_outbox_enabled()
        assert mail.dev_outbox() == []


def test_no_outbox_with_a_mail_server(app_config: dict[str, Any]) -> None:
    smtp = create_app({**app_config, "MAIL_SERVER": "smtp.example.nl"})
    with smtp.test_request_context():
        assert not mail.dev_outbox_enabled()


def test_outbox_page_is_gone_in_production(app_config: dict[str, Any]) -> None:
    prod = create_app({**app_config, "ENV_NAME": "production", "MAIL_OUTBOX_FILE": None})
    with prod.app_context():
        db.create_all()
        create_user("bo@example.nl", "Bo", PASSWORD, {Role.BEHEERDER})
        db.session.commit()
    client = prod.test_client()
    https = {"base_url": "https://localhost"}
    client.post("/inloggen", data={"email": "bo@example.nl", "password": PASSWORD}, **https)
    assert client.get("/beheer/", **https).status_code == 200
    assert client.get("/beheer/mail", **https).status_code == 404
    assert "/beheer/mail" not in client.get("/beheer/", **https).get_data(as_text=True)
