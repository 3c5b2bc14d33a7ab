"""Language: the header switch (session and account), the Dutch default, and the language of
content parts in the English interface."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from tests.conftest import PASSWORD


def test_default_is_dutch(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'lang="nl"' in page
    assert "Naar de inhoud" in page


def test_accept_language_alone_keeps_dutch(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert 'lang="nl"' in page
    assert "Naar de inhoud" in page


def test_switch_is_remembered_in_the_session_and_returns_to_the_page(
    client: FlaskClient,
) -> None:
    response = client.post("/taal", data={"locale": "en", "next": "/privacy"})
    assert response.headers["Location"] == "/privacy"
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_switch_refuses_unknown_language_and_foreign_redirects(client: FlaskClient) -> None:
    response = client.post("/taal", data={"locale": "fr", "next": "//evil.example"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Deze taal wordt niet ondersteund." in page
    assert 'lang="nl"' in page


def test_switch_when_logged_in_is_stored_on_the_account(
    app: Flask, client: FlaskClient, login_as: Callable[..., User]
) -> None:
    user = login_as(Role.DEELNEMER)
    client.post("/taal", data={"locale": "en", "next": "/"})
    db.session.refresh(user)
    assert user.locale == "en"
    # a new browser, without the session, still gets English after logging in
    other = app.test_client()
    other.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    page = other.get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert 'lang="en"' in page
