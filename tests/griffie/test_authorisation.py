"""Authorisation over the whole URL map of the griffie: members see nothing, and a griffier of one
organisation sees nothing of another."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from learnplatform.auth.models import Role, User


def _griffie_urls(app: Flask, org_id: int) -> Iterator[tuple[str, str, bool]]:
    """(method, url, organisation-scoped) for every griffie route."""
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("griffie."):
            continue
        values = {arg: (org_id if arg == "org_id" else 1) for arg in rule.arguments}
        url = app.url_for(rule.endpoint, **values)  # type: ignore[attr-defined]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield method, url, "org_id" in rule.arguments


def _call(client: FlaskClient, method: str, url: str) -> int:
    return client.open(url, method=method, data={}).status_code


def test_the_griffie_has_routes(app: Flask) -> None:
    with app.test_request_context():
        assert len(list(_griffie_urls(app, 1))) >= 3


def test_visitors_are_sent_to_login(app: Flask, client: FlaskClient, griffier: User) -> None:
    with app.test_request_context():
        urls = list(_griffie_urls(app, griffier.organisation_id or 0))
    for method, url, _scoped in urls:
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.DEELNEMER, Role.TRAINER])
def test_members_and_trainers_see_nothing(
    app: Flask, browser_of: Callable[[User], FlaskClient], make_user: Callable[..., User],
    griffier: User, members: dict[str, User], role: Role,
) -> None:
    client = browser_of(make_user(role, email=f"{role.value}@teststad.nl"))
    with app.test_request_context():
        urls = list(_griffie_urls(app, griffier.organisation_id or 0))
    for method, url, _scoped in urls:
        response = client.open(url, method=method)
        assert response.status_code == 403, (method, url)
        assert b"Anna Afgerond" not in response.data


def test_a_griffier_of_another_organisation_sees_nothing_of_it(
    app: Flask, browser_of: Callable[[User], FlaskClient], griffier: User,
    other_griffier: User, members: dict[str, User],
) -> None:
    client = browser_of(other_griffier)
    with app.test_request_context():
        urls = list(_griffie_urls(app, griffier.organisation_id or 0))
    for method, url, scoped in urls:
        response = client.open(url, method=method)
        if scoped:
            assert response.status_code == 404, (method, url)
        for name in (b"Anna Afgerond", b"anna@teststad.nl", b"Gemeente Teststad"):
            assert name not in response.data, (method, url)
