"""A trainer's open sockets close when the trainer logs out, loses the role, is deactivated or
is deleted (on main an open control socket kept working after logout)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from learnplatform.admin import services as admin_services
from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from learnplatform.live.models import LiveSession
from tests.live.conftest import NS, Sock


def test_logout_closes_the_control_socket(
    client: FlaskClient, control: tuple[Sock, LiveSession]
) -> None:
    sock, _session = control
    assert sock.client.is_connected(NS)
    client.post("/uitloggen")
    assert not sock.client.is_connected(NS)


def test_losing_the_trainer_role_closes_the_socket(
    app: Flask, control: tuple[Sock, LiveSession], trainer: User,
    make_user: Callable[..., User],
) -> None:
    sock, _session = control
    admin = make_user(Role.BEHEERDER)
    assert admin_services.update_user(admin, trainer, trainer.name, trainer.email,
                                      trainer.organisation, {Role.DEELNEMER}) is None
    assert sock.client.is_connected(NS)  # not before the change is committed
    db.session.commit()
    assert not sock.client.is_connected(NS)


def test_a_rolled_back_role_change_keeps_the_socket(
    app: Flask, control: tuple[Sock, LiveSession], trainer: User,
    make_user: Callable[..., User],
) -> None:
    sock, _session = control
    admin = make_user(Role.BEHEERDER)
    admin_services.update_user(admin, trainer, trainer.name, trainer.email,
                               trainer.organisation, {Role.DEELNEMER})
    db.session.rollback()
    assert sock.client.is_connected(NS)


def test_deactivation_closes_the_socket(
    app: Flask, control: tuple[Sock, LiveSession], trainer: User,
    make_user: Callable[..., User],
) -> None:
    sock, _session = control
    admin = make_user(Role.BEHEERDER)
    admin_services.set_active(admin, trainer, False)
    db.session.commit()
    assert not sock.client.is_connected(NS)


def test_another_trainers_logout_leaves_the_socket_open(
    app: Flask, control: tuple[Sock, LiveSession], make_user: Callable[..., User],
    browser_of: Callable[[User], FlaskClient],
) -> None:
    sock, _session = control
    other = browser_of(make_user(Role.TRAINER))
    other.post("/uitloggen")
    assert sock.client.is_connected(NS)
