"""The account page: profile, language, password, data export and deletion."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from learnplatform.auth import personal_data
from learnplatform.auth.models import Role, User, UserRole
from learnplatform.extensions import db
from tests.conftest import PASSWORD


def test_change_name_and_language(client: FlaskClient, login_as: Callable[..., User]) -> None:
    user = login_as(Role.DEELNEMER)
    client.post("/account/gegevens", data={"name": "Nieuwe Naam", "locale": "en"})
    db.session.refresh(user)
    assert (user.name, user.locale) == ("Nieuwe Naam", "en")
    assert 'lang="en"' in client.get("/account/").get_data(as_text=True)


def test_profile_refuses_empty_name_and_unknown_language(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    user = login_as(Role.DEELNEMER)
    response = client.post("/account/gegevens", data={"name": " ", "locale": "fr"})
    assert response.status_code == 400
    assert "Vul je naam in." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.name == "Test Gebruiker"


def test_change_password_needs_the_current_one(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    user = login_as(Role.DEELNEMER)
    new = "een-ander-wachtwoord"
    wrong = client.post("/account/wachtwoord",
                        data={"current_password": "niet-goed!", "password": new, "confirm": new})
    assert wrong.status_code == 400
    assert "Je huidige wachtwoord klopt niet." in wrong.get_data(as_text=True)
    short = client.post("/account/wachtwoord",
                        data={"current_password": PASSWORD, "password": "kort", "confirm": "kort"})
    assert "minstens 10 tekens" in short.get_data(as_text=True)
    ok = client.post("/account/wachtwoord",
                     data={"current_password": PASSWORD, "password": new, "confirm": new},
                     follow_redirects=True)
    assert "Je wachtwoord is gewijzigd." in ok.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(new)


@pytest.fixture
def extra_exporter() -> Iterator[None]:
    """A feature-style exporter, removed again after the test."""
    personal_data.register_exporter("progress", lambda user: [{"module": "m1", "done": True}])
    yield
    personal_data._EXPORTERS.pop("progress")


def test_data_export_contains_account_organisation_roles_and_registered_parts(
    client: FlaskClient, login_as: Callable[..., User], extra_exporter: None
) -> None:
    user = login_as(Role.TRAINER, Role.DEELNEMER)
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == user.email
    assert data["account"]["name"] == "Test Gebruiker"
    assert data["organisation"] == {"name": "Gemeente Teststad", "kind": "gemeente"}
    assert data["roles"] == ["deelnemer", "trainer"]
    assert data["progress"] == [{"module": "m1", "done": True}]
    assert "password_hash" not in json.dumps(data)


@pytest.fixture
def erased() -> Iterator[list[int]]:
    """Ids passed to a feature-style eraser, which is removed again after the test."""
    seen: list[int] = []

    def eraser(user: User) -> None:
        seen.append(user.id)

    personal_data.register_eraser(eraser)
    yield seen
    personal_data._ERASERS.remove(eraser)


def test_delete_account_needs_password_then_removes_everything_and_logs_out(
    app: Flask, client: FlaskClient, login_as: Callable[..., User], erased: list[int]
) -> None:
    user = login_as(Role.DEELNEMER)
    user_id = user.id
    wrong = client.post("/account/verwijderen", data={"delete_password": "niet-goed"})
    assert wrong.status_code == 400
    assert "Dit wachtwoord klopt niet." in wrong.get_data(as_text=True)
    assert db.session.get(User, user_id) is not None

    page = client.post("/account/verwijderen", data={"delete_password": PASSWORD},
                       follow_redirects=True).get_data(as_text=True)
    assert "Je account en al je gegevens zijn verwijderd." in page
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalars(select(UserRole).where(UserRole.user_id == user_id)).all() == []
    assert erased == [user_id]
    assert client.get("/account/").status_code == 302


def test_last_beheerder_cannot_delete_own_account(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    user = login_as(Role.BEHEERDER)
    page = client.post("/account/verwijderen", data={"delete_password": PASSWORD})
    assert "Je bent de laatste beheerder" in page.get_data(as_text=True)
    assert db.session.get(User, user.id) is not None


def test_password_change_ends_other_sessions_but_keeps_this_one(
    app: Flask, client: FlaskClient, login_as: Callable[..., User]
) -> None:
    user = login_as(Role.DEELNEMER)
    other_device = app.test_client()
    other_device.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/account/").status_code == 200
    new = "een-ander-wachtwoord"
    client.post("/account/wachtwoord",
                data={"current_password": PASSWORD, "password": new, "confirm": new})
    assert client.get("/account/").status_code == 200
    assert other_device.get("/account/").status_code == 302
