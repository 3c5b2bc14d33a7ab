"""`flask users`: the first beheerder of a fresh installation, listing accounts, changing roles."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from learnplatform.auth.models import Role, User

LINK = re.compile(r"https://leren\.example\.nl/wachtwoord-instellen/(\S+)")


def test_create_prints_a_one_time_link_that_sets_the_password_and_logs_in(
    app: Flask, runner: FlaskCliRunner, client: FlaskClient
) -> None:
    app.config["PUBLIC_URL"] = "https://leren.example.nl"
    result = runner.invoke(args=["users", "create", "Eerste@Provincie.nl", "--name", "Eva Eerste",
                                 "--role", "beheerder", "--organisation", "Provincie Utrecht",
                                 "--organisation-kind", "provincie"])
    assert result.exit_code == 0, result.output
    match = LINK.search(result.output)
    assert match, result.output
    link = f"/wachtwoord-instellen/{match.group(1)}"
    assert client.get(link).status_code == 200
    new = "een-nieuw-lang-wachtwoord"
    response = client.post(link, data={"password": new, "confirm": new})
    assert response.status_code == 302
    assert client.get(link).status_code == 400  # the link works once
    login = client.post("/inloggen", data={"email": "eerste@provincie.nl", "password": new})
    assert login.status_code == 302
    assert client.get("/beheer/gebruikers").status_code == 200

    listed = runner.invoke(args=["users", "list"])
    assert "eerste@provincie.nl\tEva Eerste\tbeheerder\tProvincie Utrecht\tactive" in listed.output


def test_create_refuses_an_existing_address_and_changes_nothing(
    runner: FlaskCliRunner, make_user: Callable[..., User]
) -> None:
    make_user(Role.DEELNEMER, email="bestaat@example.nl")
    result = runner.invoke(args=["users", "create", "bestaat@example.nl", "--name", "X",
                                 "--role", "trainer"])
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert "bestaat@example.nl\tTest Gebruiker\tdeelnemer" in runner.invoke(
        args=["users", "list"]).output


def test_create_refuses_an_unknown_role(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["users", "create", "a@example.nl", "--name", "A",
                                 "--role", "koning"])
    assert result.exit_code != 0
    assert "a@example.nl" not in runner.invoke(args=["users", "list"]).output


def test_set_role_replaces_roles_but_keeps_the_last_beheerder(
    runner: FlaskCliRunner, make_user: Callable[..., User]
) -> None:
    make_user(Role.DEELNEMER, email="robin@example.nl")
    make_user(Role.BEHEERDER, email="bo@example.nl")
    result = runner.invoke(args=["users", "set-role", "robin@example.nl", "trainer", "deelnemer"])
    assert result.exit_code == 0, result.output
    refused = runner.invoke(args=["users", "set-role", "bo@example.nl", "trainer"])
    assert refused.exit_code != 0
    assert "last beheerder" in refused.output
    listed = runner.invoke(args=["users", "list"]).output
    assert "robin@example.nl\tTest Gebruiker\tdeelnemer,trainer" in listed
    assert "bo@example.nl\tTest Gebruiker\tbeheerder" in listed
    missing = runner.invoke(args=["users", "set-role", "niemand@example.nl", "trainer"])
    assert "No account" in missing.output


def test_password_link_for_an_existing_account(
    app: Flask, runner: FlaskCliRunner, make_user: Callable[..., User]
) -> None:
    app.config["PUBLIC_URL"] = "https://leren.example.nl"
    make_user(Role.TRAINER, email="tess@example.nl")
    result = runner.invoke(args=["users", "password-link", "tess@example.nl"])
    assert result.exit_code == 0
    assert LINK.search(result.output)
