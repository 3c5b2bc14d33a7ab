"""xAPI 'attended': only for a logged-in member who signs a session's attendance list, dated to
the session's day, and carrying nothing of the person's name or votes."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Flask
from sqlalchemy import select

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from learnplatform.live import services as live_services
from learnplatform.xapi import statements as xs
from learnplatform.xapi.models import XapiStatement
from tests.conftest import PASSWORD

SCENARIO = "cadeau-van-de-projectontwikkelaar"


def _attended() -> list[dict]:  # type: ignore[type-arg]
    return [r.statement for r in db.session.scalars(select(XapiStatement))
            if r.statement["verb"]["id"] == xs.ATTENDED.id]


def test_only_a_logged_in_member_who_signs_the_list_gets_an_attended_statement(
    app: Flask, make_user: Callable[..., User]
) -> None:
    trainer = make_user(Role.TRAINER, email="trainer@teststad.nl")
    member = make_user(email="anna@teststad.nl", name="Anna de Vries")
    session = live_services.create_session(trainer, "Raadsavond", [SCENARIO], attendance=True)
    db.session.commit()
    code, session_id = session.code, session.id

    anonymous = app.test_client()
    anonymous.get(f"/live/{code}")
    anonymous.post(f"/live/{code}/aanwezig", data={"name": "Bert Bezoeker"})
    assert _attended() == []

    phone = app.test_client()
    assert phone.post("/inloggen", data={"email": member.email,
                                         "password": PASSWORD}).status_code == 302
    phone.get(f"/live/{code}")
    phone.post(f"/live/{code}/aanwezig", data={"name": "Anna de Vries", "role": "raadslid"})
    phone.post(f"/live/{code}/aanwezig", data={"name": "Anna de Vries", "role": "raadslid"})

    found = _attended()
    assert len(found) == 1  # idempotent per member and session
    statement = found[0]
    assert xs.problems(statement) == []
    assert statement["object"]["id"].endswith(f"/live/sessies/{session_id}")
    assert "T00:00:00" in statement["timestamp"]  # the session's day, not the moment of signing
    text = json.dumps(statement)
    for secret in ("Anna", "anna@teststad.nl", "raadslid", "option"):
        assert secret not in text
