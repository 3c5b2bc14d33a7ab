"""Login, logout, refusals and the login rate limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from tests.conftest import PASSWORD


def test_login_then_logout(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user(Role.DEELNEMER, name="Piet Jansen")
    page = client.post("/inloggen", data={"email": user.email, "password": PASSWORD},
                       follow_redirects=True).get_data(as_text=True)
    assert "Je bent ingelogd." in page
    assert client.get("/account/").status_code == 200
    page = client.post("/uitloggen", follow_redirects=True).get_data(as_text=True)
    assert "Je bent uitgelogd." in page
    assert client.get("/account/").status_code == 302


def test_login_follows_only_local_next(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.DEELNEMER)
    data = {"email": user.email, "password": PASSWORD}
    response = client.post("/inloggen?next=//evil.example/x", data=data)
    assert response.headers["Location"] == "/"
    client.post("/uitloggen")
    response = client.post("/inloggen?next=/account/", data=data)
    assert response.headers["Location"] == "/account/"


def test_bad_password_refused_without_saying_which_part_was_wrong(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.DEELNEMER)
    wrong = client.post("/inloggen", data={"email": user.email, "password": "fout-wachtwoord"})
    unknown = client.post("/inloggen", data={"email": "nobody@example.nl", "password": PASSWORD})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Onbekend e-mailadres of onjuist wachtwoord." in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


def test_deactivated_user_is_refused_and_loses_session(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.DEELNEMER)
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    user.active = False
    db.session.commit()
    assert client.get("/account/").status_code == 302
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert "onjuist wachtwoord" in response.get_data(as_text=True)


class TestRateLimit:
    """Only this class runs with rate limiting switched on."""

    @pytest.fixture
    def app_config(self, app_config: dict[str, Any]) -> dict[str, Any]:
        return {**app_config, "RATELIMIT_ENABLED": True}

    def test_eleventh_login_attempt_in_a_minute_gets_429_page(self, client: FlaskClient) -> None:
        data = {"email": "someone@example.nl", "password": "geraden-wachtwoord"}
        for _ in range(10):
            assert client.post("/inloggen", data=data).status_code == 200
        response = client.post("/inloggen", data=data)
        assert response.status_code == 429
        assert "Te veel pogingen" in response.get_data(as_text=True)
        # viewing the form is not limited
        assert client.get("/inloggen").status_code == 200
