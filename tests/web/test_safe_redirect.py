"""Every `next` goes through one helper that follows local paths only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from learnplatform.auth.models import Role, User
from learnplatform.web.redirects import is_local_path
from tests.conftest import PASSWORD

OFF_SITE = [
    "/\t/evil.example",  # browsers drop the tab: //evil.example (open on main through /taal)
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "",
    "/\x00/evil.example",
    " //evil.example",
]
LOCAL = ["/", "/account/", "/modules?page=2", "/live/sessies/3#regie"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_targets_are_refused(target: str) -> None:
    assert not is_local_path(target)


@pytest.mark.parametrize("target", LOCAL)
def test_local_paths_are_followed(target: str) -> None:
    assert is_local_path(target)


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_language_switch_stays_on_the_site(client: FlaskClient, target: str) -> None:
    response = client.post("/taal", data={"locale": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_language_switch_returns_to_the_page(client: FlaskClient) -> None:
    response = client.post("/taal", data={"locale": "en", "next": "/privacy"})
    assert response.headers["Location"] == "/privacy"


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_next_stays_on_the_site(
    client: FlaskClient, make_user: Callable[..., User], target: str
) -> None:
    user = make_user(Role.DEELNEMER)
    response = client.post("/inloggen", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_no_view_builds_its_own_redirect_check() -> None:
    """One helper: no other module tests `startswith("//")` for itself."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "learnplatform"
    own_checks = [str(p.relative_to(root)) for p in root.rglob("*.py")
                  if 'startswith("//")' in p.read_text(encoding="utf-8")
                  and p.name != "redirects.py"]
    assert own_checks == []
