"""Deleting a trainer's account: no new account inherits anything, and what the trainer owned
follows an explicit rule (sessions pass to the organisation, own dilemmas stay without author)."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select, text

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from learnplatform.live.models import LiveSession, LocalDilemma
from tests.conftest import PASSWORD


def _delete_account(client: FlaskClient) -> None:
    response = client.post("/account/verwijderen", data={"delete_password": PASSWORD,
                                                         "confirm": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_sqlite_enforces_foreign_keys(app: object) -> None:
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_new_account_inherits_nothing_from_a_deleted_trainer(
    client: FlaskClient, trainer: User, make_session: Callable[..., LiveSession],
    make_user: Callable[..., User], browser_of: Callable[[User], FlaskClient],
) -> None:
    """On main the new account got the deleted trainer's id on SQLite, and with it the sessions,
    reports, exports and control view."""
    session = make_session(trainer)
    old_id, session_id = trainer.id, session.id
    _delete_account(client)
    db.session.expire_all()

    newcomer = make_user(Role.TRAINER, email="nieuw@example.nl")
    assert newcomer.id != old_id
    browser = browser_of(newcomer)
    assert session.title not in browser.get("/live/sessies").get_data(as_text=True)
    for page in ("", "/regie", "/presentatie", "/rapport", "/rapport.csv"):
        assert browser.get(f"/live/sessies/{session_id}{page}").status_code in (403, 404), page
    export = json.loads(browser.get("/account/export.json").get_data(as_text=True))
    assert export["live"] == {"sessions": [], "own_dilemmas": []}


def test_deletion_passes_sessions_and_dilemmas_to_the_organisation(
    client: FlaskClient, trainer: User, make_session: Callable[..., LiveSession],
) -> None:
    running = make_session(trainer)
    org_id = trainer.organisation_id
    mine = LocalDilemma(title="Eigen dilemma", data={}, organisation_id=org_id,
                        author_id=trainer.id)
    private = LocalDilemma(title="Zonder organisatie", data={}, organisation_id=None,
                           author_id=trainer.id)
    orphan = LiveSession(code="999111", title="Zonder organisatie", owner_id=trainer.id,
                         organisation_id=None, state={})
    db.session.add_all([mine, private, orphan])
    db.session.commit()
    ids = (running.id, mine.id, private.id, orphan.id)

    _delete_account(client)
    db.session.expire_all()

    kept = db.session.get(LiveSession, ids[0])
    assert kept is not None
    assert (kept.owner_id, kept.organisation_id) == (None, org_id)
    assert kept.ended_at is not None  # a running session is ended; its code is free again
    dilemma = db.session.get(LocalDilemma, ids[1])
    assert dilemma is not None
    assert dilemma.author_id is None
    assert db.session.get(LocalDilemma, ids[2]) is None
    assert db.session.get(LiveSession, ids[3]) is None


def test_the_export_holds_the_trainers_sessions_and_own_dilemmas(
    client: FlaskClient, trainer: User, make_session: Callable[..., LiveSession],
) -> None:
    """On main a trainer's export had account, organisation, roles and learning only."""
    make_session(trainer)
    db.session.add(LocalDilemma(title="Eigen dilemma", data={"id": "eigen"},
                                organisation_id=trainer.organisation_id, author_id=trainer.id))
    db.session.commit()
    export = json.loads(client.get("/account/export.json").get_data(as_text=True))
    assert [s["title"] for s in export["live"]["sessions"]] == ["Raadsavond"]
    assert export["live"]["sessions"][0]["dilemmas"] == ["gift", "threat"]
    assert export["live"]["own_dilemmas"][0]["title"] == "Eigen dilemma"
    assert export["live"]["own_dilemmas"][0]["content"] == {"id": "eigen"}


def test_user_ids_are_never_reused(make_user: Callable[..., User]) -> None:
    first = make_user(Role.TRAINER)
    first_id = first.id
    db.session.delete(first)
    db.session.commit()
    assert make_user(Role.TRAINER).id > first_id
    assert db.session.scalars(select(User.id)).all() == [first_id + 1]
