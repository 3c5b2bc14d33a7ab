"""Shared fixtures: app, db, client, runner, users and logins."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from learnplatform import create_app
from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.auth.services import create_user
from learnplatform.extensions import db as _db

PASSWORD = "een-lang-wachtwoord"


def services_unavailable(reason: str) -> None:
    """Skip a test that needs PostgreSQL or Redis; in CI (REQUIRE_SERVICES=1) fail instead."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    """Configuration for a test app; override in a test module to change it."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "REDIS_URL": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_OUTBOX_FILE": str(tmp_path / "mail-outbox.jsonl"),
    }


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    The `app` fixture keeps an app context open for the test body; without this, requests would
    share its `g` (Flask-Login's cached user, the chosen locale) and its database session.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """A fresh app with an empty schema per test."""
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app: Flask) -> Any:
    """The SQLAlchemy extension bound to the test app."""
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def organisation(app: Flask) -> Organisation:
    """A gemeente for test users."""
    org = Organisation(name="Gemeente Teststad", kind=OrganisationKind.GEMEENTE)
    _db.session.add(org)
    _db.session.commit()
    return org


@pytest.fixture
def make_user(app: Flask, organisation: Organisation) -> Callable[..., User]:
    """Factory: make_user(*roles, email=..., name=...) creates and commits a user."""
    counter = iter(range(1, 10_000))

    def factory(*roles: Role, email: str | None = None, name: str = "Test Gebruiker",
                org: Organisation | None = None) -> User:
        address = email or f"user{next(counter)}@example.nl"
        user = create_user(address, name, PASSWORD, set(roles) or {Role.DEELNEMER},
                           organisation=org or organisation)
        _db.session.commit()
        return user

    return factory


@pytest.fixture
def login_as(client: FlaskClient, make_user: Callable[..., User]) -> Callable[..., User]:
    """Log the test client in as a new user holding `roles`; returns the user."""

    def do_login(*roles: Role, email: str | None = None) -> User:
        user = make_user(*roles, email=email)
        response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.data
        return user

    return do_login
