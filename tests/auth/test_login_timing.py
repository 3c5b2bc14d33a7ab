"""Login costs one password hash whether or not the address has an account, so timing does not
reveal which addresses are registered (on main an unknown address skipped the hash: ≈ 20 ms
against ≈ 224 ms)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug import security

from learnplatform.auth import models, services
from learnplatform.auth.models import Role, User


@pytest.fixture
def hash_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every scrypt check made during the test, by the hash method it used."""
    checks: list[str] = []

    def counting(pwhash: str, password: str) -> bool:
        checks.append(pwhash.split("$", 1)[0])
        return security.check_password_hash(pwhash, password)

    monkeypatch.setattr(models, "check_password_hash", counting)
    monkeypatch.setattr(services, "check_password_hash", counting)
    return checks


def _login(client: FlaskClient, email: str) -> Any:
    return client.post("/inloggen", data={"email": email, "password": "fout-wachtwoord-123"})


def test_unknown_known_and_deactivated_addresses_cost_the_same(
    client: FlaskClient, make_user: Callable[..., User], hash_checks: list[str]
) -> None:
    known = make_user(Role.DEELNEMER)
    inactive = make_user(Role.DEELNEMER)
    inactive.active = False
    services.db.session.commit()

    _login(client, known.email)
    _login(client, "niemand@example.nl")
    _login(client, inactive.email)

    assert len(hash_checks) == 3
    assert len(set(hash_checks)) == 1  # the same method and cost parameters every time
