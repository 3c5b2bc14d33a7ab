"""Translated error pages for 400/403/404/429/500, CSRF rejection, rollback on a crash."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from sqlalchemy import func, select

from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def created() -> list[Organisation]:
    """Objects the crashing route made (a strong reference: the identity map is weak)."""
    return []


@pytest.fixture
def crashing_app(app: Flask, created: list[Organisation]) -> Flask:
    """The test app plus routes that exist only here: one writes and then crashes."""

    def write_then_crash() -> str:
        org = Organisation(name="Halverwege", kind=OrganisationKind.GEMEENTE)
        created.append(org)
        db.session.add(org)
        db.session.flush()
        raise RuntimeError("boom: secret internals")

    def forbidden() -> str:
        abort(400)

    app.add_url_rule("/_test/crash", "test_crash", write_then_crash)
    app.add_url_rule("/_test/bad", "test_bad", forbidden)
    return app


def test_500_page_rolls_back_and_hides_the_trace(
    crashing_app: Flask, created: list[Organisation]
) -> None:
    left_in_session: list[str] = []

    @crashing_app.teardown_request
    def inspect_session(exc: BaseException | None) -> None:
        # runs before the session is discarded: the flushed row must already be rolled back
        left_in_session.extend(org.name for org in created if org in db.session)

    client = crashing_app.test_client()
    response = client.get("/_test/crash")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis" in page
    assert "Er is niets opgeslagen" in page
    assert "boom" not in page
    assert "Traceback" not in page
    assert len(created) == 1
    assert left_in_session == []
    db.session.remove()
    count = db.session.scalar(select(func.count(Organisation.id)))
    assert count == 0


def test_400_page(crashing_app: Flask) -> None:
    response = crashing_app.test_client().get("/_test/bad")
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.get_data(as_text=True)


def test_404_page(client: FlaskClient) -> None:
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Pagina niet gevonden" in page
    assert 'href="#main"' in page  # still the full layout with skip link


def test_403_page(client: FlaskClient, login_as: Callable[..., User]) -> None:
    login_as(Role.DEELNEMER)
    response = client.get("/beheer/")
    assert response.status_code == 403
    assert "Je hebt geen toegang tot deze pagina." in response.get_data(as_text=True)


def test_error_pages_are_translated(client: FlaskClient) -> None:
    client.post("/taal", data={"locale": "en", "next": "/"})
    response = client.get("/bestaat-niet")
    page = response.get_data(as_text=True)
    assert 'lang="en"' in page
    assert "Page not found" in page


class TestWithCsrf:
    """A login POST without a CSRF token is rejected with the translated 400 page."""

    @pytest.fixture
    def app_config(self, app_config: dict[str, Any]) -> dict[str, Any]:
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_login_post_without_token_is_rejected(self, client: FlaskClient) -> None:
        response = client.post("/inloggen", data={"email": "a@b.nl", "password": "x" * 12})
        assert response.status_code == 400
        assert "Het formulier is verlopen of ongeldig" in response.get_data(as_text=True)

    def test_login_form_with_token_works(
        self, client: FlaskClient, make_user: Callable[..., User]
    ) -> None:
        user = make_user(Role.DEELNEMER)
        page = client.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token
        response = client.post("/inloggen", data={
            "email": user.email, "password": PASSWORD, "csrf_token": token.group(1)})
        assert response.status_code == 302
