"""Password reset by an e-mailed, signed, expiring, single-use link."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from learnplatform.auth.models import Role, User
from learnplatform.auth.tokens import SALT, make_password_token
from learnplatform.extensions import db
from learnplatform.mail import Mail

NEW_PASSWORD = "nieuw-en-lang-genoeg"


def test_reset_request_mail_link_new_password_login(
    client: FlaskClient, make_user: Callable[..., User], mails: list[Mail],
    token_from: Callable[[Mail], str],
) -> None:
    user = make_user(Role.DEELNEMER, name="Anna")
    page = client.post("/wachtwoord-vergeten", data={"email": user.email.upper()},
                       follow_redirects=True).get_data(as_text=True)
    assert "Als er een account met dit e-mailadres is" in page
    assert len(mails) == 1
    assert mails[0].to == user.email
    assert "Beste Anna" in mails[0].body
    token = token_from(mails[0])

    form = client.get(f"/wachtwoord-instellen/{token}")
    assert form.status_code == 200
    assert user.email in form.get_data(as_text=True)
    page = client.post(f"/wachtwoord-instellen/{token}",
                       data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                       follow_redirects=True).get_data(as_text=True)
    assert "Je wachtwoord is ingesteld" in page

    response = client.post("/inloggen", data={"email": user.email, "password": NEW_PASSWORD})
    assert response.status_code == 302

    # the same link cannot be used a second time
    again = client.get(f"/wachtwoord-instellen/{token}")
    assert again.status_code == 400
    assert "Deze link werkt niet (meer)" in again.get_data(as_text=True)


def test_unknown_and_deactivated_addresses_get_the_same_answer_and_no_mail(
    client: FlaskClient, make_user: Callable[..., User], mails: list[Mail]
) -> None:
    inactive = make_user(Role.DEELNEMER)
    inactive.active = False
    db.session.commit()
    pages = [
        client.post("/wachtwoord-vergeten", data={"email": address},
                    follow_redirects=True).get_data(as_text=True)
        for address in ("niemand@example.nl", inactive.email)
    ]
    assert all("Als er een account met dit e-mailadres is" in p for p in pages)
    assert mails == []


@pytest.mark.parametrize("case", ["expired", "garbled", "foreign-key", "not-a-token"])
def test_bad_tokens_are_refused(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], case: str
) -> None:
    user = make_user(Role.DEELNEMER)
    if case == "expired":
        app.config["PASSWORD_RESET_MAX_AGE"] = -1
        token = make_password_token(user)
    elif case == "garbled":
        token = make_password_token(user)[:-3] + "abc"
    elif case == "foreign-key":
        token = URLSafeTimedSerializer("other-secret", salt=SALT).dumps(
            {"u": user.id, "h": "x", "p": "reset"})
    else:
        token = "hallo"
    response = client.post(f"/wachtwoord-instellen/{token}",
                           data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert "Deze link werkt niet (meer)" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("kort", "kort", "minstens 10 tekens"),
        ("aaaaaaaaaaaa", "aaaaaaaaaaaa", "te makkelijk te raden"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "niet gelijk"),
    ],
)
def test_weak_or_mismatched_new_password_is_refused(
    client: FlaskClient, make_user: Callable[..., User], password: str, confirm: str,
    message: str,
) -> None:
    user = make_user(Role.DEELNEMER)
    token = make_password_token(user)
    response = client.post(f"/wachtwoord-instellen/{token}",
                           data={"password": password, "confirm": confirm})
    assert message in response.get_data(as_text=True)
    assert client.get(f"/wachtwoord-instellen/{token}").status_code == 200  # still usable
