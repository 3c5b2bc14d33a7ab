"""One after-commit mechanism: broadcasts, mail and cache invalidation leave only after the
commit that made them true, and never after a rollback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.exc import IntegrityError

from learnplatform import mail
from learnplatform.admin.services import invite_user
from learnplatform.auth.models import Organisation, Role, User
from learnplatform.extensions import db, socketio
from learnplatform.on_commit import on_commit, pending


def test_a_callback_runs_after_commit_only(app: Flask, organisation: Organisation) -> None:
    ran: list[str] = []
    organisation.name = "Gemeente Nieuw"  # opens a transaction
    db.session.flush()
    on_commit(lambda: ran.append("sent"))
    assert ran == []
    db.session.commit()
    assert ran == ["sent"]


def test_a_callback_is_dropped_on_rollback(app: Flask, organisation: Organisation) -> None:
    ran: list[str] = []
    organisation.name = "Gemeente Nieuw"
    db.session.flush()
    on_commit(lambda: ran.append("sent"))
    db.session.rollback()
    db.session.commit()  # a later commit does not resurrect it
    assert ran == []
    assert pending(db.session()) == 0


def test_outside_a_transaction_a_callback_runs_at_once(app: Flask) -> None:
    db.session.commit()
    ran: list[str] = []
    on_commit(lambda: ran.append("sent"))
    assert ran == ["sent"]


def test_a_failing_callback_does_not_stop_the_others(app: Flask,
                                                     organisation: Organisation) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("fan-out down")

    organisation.name = "Gemeente Nieuw"
    db.session.flush()
    on_commit(broken)
    on_commit(lambda: ran.append("second"))
    db.session.commit()
    assert ran == ["second"]


def test_the_invite_mail_waits_for_the_account_to_be_committed(
    app: Flask, organisation: Organisation
) -> None:
    """On main the invite mail left before the commit, so a failed commit still mailed a
    password link for an account that does not exist."""
    with app.test_request_context():
        invite_user("Nieuwe Trainer", "nieuw@example.nl", organisation, {Role.TRAINER})
        assert mail.outbox() == []
        db.session.rollback()
    assert mail.outbox() == []
    assert db.session.query(User).filter_by(email="nieuw@example.nl").first() is None


def test_the_invite_mail_goes_out_with_the_commit(app: Flask, organisation: Organisation) -> None:
    with app.test_request_context():
        invite_user("Nieuwe Trainer", "nieuw@example.nl", organisation, {Role.TRAINER})
        db.session.commit()
    assert [m.to for m in mail.outbox()] == ["nieuw@example.nl"]


def test_an_invite_whose_commit_fails_sends_nothing(
    app: Flask, organisation: Organisation, make_user: Callable[..., User]
) -> None:
    make_user(Role.TRAINER, email="bezet@example.nl")
    with app.test_request_context():
        invite_user("Dubbel", "ander@example.nl", organisation, {Role.TRAINER})
        db.session.add(User(email="bezet@example.nl", name="x", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert mail.outbox() == []


def test_a_live_transition_is_broadcast_only_after_commit(
    app: Flask, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnplatform.live import broadcast, services
    from learnplatform.live.engine import Start

    emitted: list[tuple[str, Any]] = []
    monkeypatch.setattr(socketio, "emit", lambda event, payload, **kw: emitted.append(
        (event, kw.get("to"))))
    trainer = make_user(Role.TRAINER)
    session = services.create_session(
        trainer, "Raadsavond", ("betaalde-baan-bij-de-woningcorporatie",))
    db.session.commit()

    events = services.execute(session, Start())
    broadcast.transition(session, events)
    assert emitted == []
    db.session.rollback()
    assert emitted == []

    events = services.execute(session, Start())
    broadcast.transition(session, events)
    db.session.commit()
    assert {room for _event, room in emitted} == {f"session:{session.id}",
                                                  f"session:{session.id}:trainer"}


def test_a_keyed_callback_runs_once_per_commit(app: Flask, organisation: Organisation) -> None:
    calls: list[str] = []
    session = db.session()
    session.add(Organisation(name="Eén", kind=organisation.kind))
    for _ in range(3):
        on_commit(lambda: calls.append("keyed"), key="once")
    on_commit(lambda: calls.append("plain"))
    db.session.commit()
    assert calls == ["keyed", "plain"]
    session.add(Organisation(name="Twee", kind=organisation.kind))
    on_commit(lambda: calls.append("keyed"), key="once")
    db.session.commit()
    assert calls == ["keyed", "plain", "keyed"]
