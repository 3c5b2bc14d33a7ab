"""Property-based: every form (every POST route of the URL map) answers any input without a
server error, and an input it rejects changes nothing in the database."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from learnplatform.auth.models import Role
from learnplatform.cli import DEMO_PASSWORD
from learnplatform.extensions import db
from tests.web.test_no_writes_on_get import ACCOUNTS, _values

# logging out or deleting the account would end the session the other examples use
SKIPPED = {"auth.logout", "account.delete"}
FIELDS = ["email", "password", "password2", "current_password", "delete_password", "name",
          "locale", "code", "title", "scenario", "option", "text", "round", "argument",
          "action", "value", "roles", "organisation", "kind", "confirm", "remember", "next",
          "situation", "question", "simulated", "rehearsal", "attendance", "timer", "answer",
          "reflection", "reason", "csrf_token"]
TEXT = st.text(max_size=300) | st.sampled_from(
    ["", "0", "1", "-1", "99999999999", "nl", "en", "fr", "y", "gift", "melden", "trainer",
     "beheerder", "gemeente", "show", "<script>alert(1)</script>", "\u202eevil", "a" * 5000,
     "raadslid@voorbeeld.nl", "//evil.example", "\x00"])
FORM = st.dictionaries(st.sampled_from(FIELDS) | st.text(min_size=1, max_size=10),
                       st.lists(TEXT, min_size=1, max_size=3), max_size=6)
ROLE_ACCOUNT = {Role.DEELNEMER: 0, Role.TRAINER: 1, Role.GRIFFIER: 2, Role.BEHEERDER: 3}


def _fingerprint() -> str:
    db.session.rollback()
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode())
    db.session.rollback()
    return digest.hexdigest()


@pytest.fixture
def world(app: Flask, runner: FlaskCliRunner) -> dict[str, Any]:
    """Demo data, a logged-in client per demo account, and every POST route with real ids."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    clients: list[FlaskClient] = []
    for email in ACCOUNTS:
        client = app.test_client()
        assert client.post("/inloggen", data={"email": email,
                                              "password": DEMO_PASSWORD}).status_code == 302
        clients.append(client)
    values = _values()
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or set()) or rule.endpoint in SKIPPED:
            continue
        built = rule.build({n: values.get(n, "x") for n in rule.arguments},
                           append_unknown=False)
        assert built is not None
        roles = getattr(app.view_functions[rule.endpoint], "required_roles", None)
        if roles is None:
            client = app.test_client()  # public: anonymous
        else:
            client = clients[ROLE_ACCOUNT[roles[0]] if roles else 0]
        routes.append((rule.endpoint, built[1], client))
    assert len(routes) > 15
    return {"routes": sorted(routes, key=lambda r: r[0])}


@settings(max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_form_survives_any_input(world: dict[str, Any], data: st.DataObject) -> None:
    endpoint, url, client = data.draw(st.sampled_from(world["routes"]), label="route")
    form = data.draw(FORM, label="form")
    before = _fingerprint()
    response = client.post(url, data=form)
    assert response.status_code < 500, (endpoint, form)
    if response.status_code in (400, 403, 404, 405, 409, 422, 429):
        assert _fingerprint() == before, (endpoint, form, response.status_code)

