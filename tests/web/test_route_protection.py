"""Every route either declares its roles (via roles_required) or is deliberately public.

The URL map is walked at collection time, so a route added by any feature is covered automatically:
a new route without `required_roles` fails `test_unprotected_routes_are_deliberately_public` until
someone adds it to PUBLIC_ENDPOINTS below.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from learnplatform import create_app
from learnplatform.auth.models import Role, User

# Endpoints anyone may reach without logging in. Add to this list only after deciding so.
PUBLIC_ENDPOINTS = {
    "static",
    "web.home",
    "join.submit",
    "web.set_language",
    "web.privacy",
    "web.accessibility",
    "web.healthz",
    "auth.login",
    "auth.logout",
    "auth.forgot_password",
    "auth.set_password",
    "learning.verify",
    # live participants need only the session code, never an account
    "live.participant",
    "live.vote_fallback",
    "live.argument_fallback",
    "live.attend",
}
IGNORED_METHODS = {"HEAD", "OPTIONS"}
DUMMY_BY_CONVERTER = {"IntegerConverter": 1, "UUIDConverter": uuid.UUID(int=1),
                      "PathConverter": "x/y", "FloatConverter": 1.0}


def _collect() -> tuple[list[Rule], Flask]:
    app = create_app({"TESTING": True, "SECRET_KEY": "collect",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_ENABLED": False})
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)), app


RULES, COLLECT_APP = _collect()


def _required_roles(app: Flask, endpoint: str) -> tuple[Role, ...] | None:
    return getattr(app.view_functions[endpoint], "required_roles", None)


PROTECTED = [
    pytest.param(rule.endpoint, rule.rule, method, id=f"{method} {rule.rule}")
    for rule in RULES
    if _required_roles(COLLECT_APP, rule.endpoint) is not None
    for method in sorted((rule.methods or set()) - IGNORED_METHODS)
]
ROLE_RESTRICTED = [p for p in PROTECTED if _required_roles(COLLECT_APP, p.values[0])]


def _url(app: Flask, endpoint: str, rule_text: str) -> str:
    rule = next(r for r in app.url_map.iter_rules(endpoint) if r.rule == rule_text)
    values: dict[str, Any] = {
        name: DUMMY_BY_CONVERTER.get(type(conv).__name__, "x")
        for name, conv in rule._converters.items()
    }
    built = rule.build(values, append_unknown=False)
    assert built is not None, rule_text
    return built[1]


def test_unprotected_routes_are_deliberately_public() -> None:
    unprotected = {r.endpoint for r in RULES if _required_roles(COLLECT_APP, r.endpoint) is None}
    assert unprotected - PUBLIC_ENDPOINTS == set(), "add roles_required or list it as public"
    assert PUBLIC_ENDPOINTS - unprotected == set(), "stale entry in PUBLIC_ENDPOINTS"
    assert PROTECTED, "no protected routes found"


@pytest.mark.parametrize(("endpoint", "rule_text", "method"), PROTECTED)
def test_anonymous_user_is_sent_to_login(
    app: Flask, client: FlaskClient, endpoint: str, rule_text: str, method: str
) -> None:
    url = _url(app, endpoint, rule_text)
    response = client.open(url, method=method)
    if method == "GET":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/inloggen?next=")
    else:
        assert response.status_code in {302, 401, 403}
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/inloggen")


@pytest.mark.parametrize(("endpoint", "rule_text", "method"), ROLE_RESTRICTED)
def test_user_without_the_role_gets_403(
    app: Flask, client: FlaskClient, login_as: Callable[..., User],
    endpoint: str, rule_text: str, method: str,
) -> None:
    required = _required_roles(app, endpoint) or ()
    others = set(Role) - set(required)
    if not others:
        pytest.skip("every role may use this route")
    login_as(*others)
    response = client.open(_url(app, endpoint, rule_text), method=method)
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)
