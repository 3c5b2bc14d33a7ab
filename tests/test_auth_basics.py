"""Login, logout and the start page."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from learnplatform.auth.models import Role, User
from tests.conftest import PASSWORD


def test_start_page_explains_and_offers_login_and_join(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'lang="nl"' in page
    assert "Inloggen" in page
    assert "Deelnemen aan een sessie" in page


def test_login_with_good_password(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user(Role.DEELNEMER, name="Anna de Vries")
    response = client.post(
        "/inloggen", data={"email": user.email.upper(), "password": PASSWORD},
        follow_redirects=True,
    )
    assert "Welkom, Anna de Vries" in response.get_data(as_text=True)


def test_login_with_bad_password_is_refused(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.DEELNEMER)
    response = client.post("/inloggen", data={"email": user.email, "password": "fout"})
    assert response.status_code == 200
    assert "onjuist wachtwoord" in response.get_data(as_text=True)


def test_unknown_join_code_says_so(client: FlaskClient) -> None:
    response = client.post("/deelnemen", data={"code": "123456"})
    assert response.status_code == 400
    assert "geen sessie met deze code" in response.get_data(as_text=True)


def test_security_headers_forbid_inline_code(client: FlaskClient) -> None:
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
