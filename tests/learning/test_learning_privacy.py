"""Answers and reflections are visible to their author only; export, cascade, CSRF, rate limit."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from learnplatform.learning.services import erase_learning_data, learning_personal_data
from tests.conftest import PASSWORD
from tests.learning.helpers import LESSON_1, LESSON_2, MODULE, block_url, complete_basis

SECRET = "Mijn zwager zit in het bestuur van de aannemer."



def test_reflections_and_answers_are_seen_by_their_author_only(
    app: Flask, make_user: Callable[..., User]
) -> None:
    author, other = make_user(Role.DEELNEMER), make_user(Role.GRIFFIER, Role.BEHEERDER)
    author_client, other_client = app.test_client(), app.test_client()
    author_client.post("/inloggen", data={"email": author.email, "password": PASSWORD})
    other_client.post("/inloggen", data={"email": other.email, "password": PASSWORD})
    author_client.post(block_url(LESSON_1, "eigen-ervaring"), data={"text": SECRET})
    author_client.post(block_url(LESSON_1, "vraag-eed"), data={"answer": "nooit"})
    author_client.post(block_url(LESSON_2, "dilemma-wijn"),
                            data={"option": "aannemen", "reason": "Geheime reden"})
    page = author_client.get(f"/leren/{MODULE}/{LESSON_1}").get_data(as_text=True)
    assert SECRET in page
    for url in (f"/leren/{MODULE}/{LESSON_1}", f"/leren/{MODULE}/{LESSON_2}", "/mijn",
                f"/leren/{MODULE}"):
        page = other_client.get(url).get_data(as_text=True)
        assert SECRET not in page
        assert "Geheime reden" not in page
        assert "Nee, de eed of belofte is verplicht." not in page
        assert "Jouw keuze" not in page
    exported = learning_personal_data(other)
    assert exported["reflections"] == []
    assert exported["dilemma_choices"] == []


def test_personal_data_export_holds_the_users_learning_data(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    user = login_as(Role.DEELNEMER)
    complete_basis(client)
    data = learning_personal_data(user)
    assert data["reflections"][0]["text"] == "Een kerstpakket."
    assert data["dilemma_choices"][0]["option"] == "melden"
    assert {p["block"] for p in data["progress"]} >= {"intro", "vraag-eed", "scan-risico"}
    assert data["completed_modules"][0]["module"] == MODULE
    assert data["certificates"][0]["title"] == "Basis integriteit"


def test_account_download_and_deletion_include_learning_data(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    user = login_as(Role.DEELNEMER)
    complete_basis(client)
    exported = client.get("/account/export.json").get_json()
    assert exported["learning"]["reflections"][0]["text"] == "Een kerstpakket."
    response = client.post("/account/verwijderen", data={"delete_password": PASSWORD})
    assert response.status_code == 302
    assert learning_personal_data(user)["reflections"] == []


def test_every_per_user_table_cascades_on_user_deletion(app: Flask) -> None:
    inspector = inspect(db.engine)
    for table in ("block_progress", "reflection", "dilemma_choice", "module_completion",
                  "certificate"):
        (fk,) = inspector.get_foreign_keys(table)
        assert fk["referred_table"] == "user"
        assert fk["options"].get("ondelete") == "CASCADE"


class TestWithCsrf:
    """The JavaScript path sends the CSRF token as a header."""

    @pytest.fixture
    def app_config(self, app_config: dict[str, Any]) -> dict[str, Any]:
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_json_answer_needs_the_csrf_header(
        self, client: FlaskClient, make_user: Callable[..., User]
    ) -> None:
        user = make_user(Role.DEELNEMER)
        login_page = client.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
        assert token is not None
        client.post("/inloggen", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": token.group(1)})
        page = client.get(f"/leren/{MODULE}/{LESSON_1}").get_data(as_text=True)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match is not None
        url = block_url(LESSON_1, "vraag-eed")
        refused = client.post(url, data={"answer": "nooit"},
                              headers={"Accept": "application/json"})
        assert refused.status_code == 400
        accepted = client.post(url, data={"answer": "bij-installatie"},
                               headers={"Accept": "application/json",
                                        "X-CSRFToken": match.group(1)})
        assert accepted.status_code == 200
        assert accepted.get_json()["ok"] is True


class TestRateLimit:
    """The public verification page is rate-limited."""

    @pytest.fixture
    def app_config(self, app_config: dict[str, Any]) -> dict[str, Any]:
        return {**app_config, "RATELIMIT_ENABLED": True}

    def test_verification_page_is_rate_limited(self, client: FlaskClient) -> None:
        statuses = [client.get("/certificaat/ACDEFGHJKMNP").status_code for _ in range(31)]
        assert statuses[:30] == [404] * 30
        assert statuses[30] == 429


def test_erasing_learning_data_removes_every_private_row(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    user = login_as(Role.DEELNEMER)
    complete_basis(client)
    erase_learning_data(user)
    db.session.commit()
    assert learning_personal_data(user) == {
        "progress": [], "reflections": [], "dilemma_choices": [], "completed_modules": [],
        "certificates": [],
    }
