"""From train-the-trainer to trainer: the request, the beheerder's decision, mails, dashboard
notices, and an approved griffier running a real session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from learnplatform import mail
from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from learnplatform.griffie.models import RequestStatus, TrainerRequest
from learnplatform.griffie.trainer import TRAIN_THE_TRAINER_TRACK
from learnplatform.learning import certificates
from learnplatform.learning.models import CertificateKind
from learnplatform.live import engine, services
from learnplatform.live.access import may_steer
from learnplatform.live.models import LiveSession

SCENARIO = "cadeau-van-de-projectontwikkelaar"


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Rehearsal votes are cast at once, in the request."""
    return {**app_config, "LIVE_BACKGROUND_TASKS": False}


def complete_track(user: User) -> None:
    """Give the griffier a valid Train-de-trainer certificate."""
    certificates.issue(user, CertificateKind.TRACK, TRAIN_THE_TRAINER_TRACK, "Gespreksleider", 48)
    db.session.commit()


def finish_rehearsal(user: User, to_summary: bool = True) -> LiveSession:
    """A rehearsal with one revealed vote, taken to its summary."""
    session = services.create_session(user, "Oefenen", [SCENARIO], simulated=6)
    services.execute(session, engine.Start())
    services.execute(session, engine.OpenVote())
    services.execute(session, engine.Reveal())
    if to_summary:
        services.execute(session, engine.Finish())
    db.session.commit()
    return session


@pytest.fixture
def beheerder(make_user: Callable[..., User]) -> User:
    """The beheerder who decides."""
    return make_user(Role.BEHEERDER, email="bo@example.nl", name="Bo Beheerder")


def test_the_request_needs_the_track_and_a_finished_rehearsal(
    browser_of: Callable[[User], FlaskClient], griffier: User, beheerder: User
) -> None:
    client = browser_of(griffier)
    page = client.get("/griffie/trainer").get_data(as_text=True)
    assert page.count("nog niet") == 2
    assert "Vraag de trainersrol aan" not in page
    client.post("/griffie/trainer")
    assert db.session.scalars(select(TrainerRequest)).first() is None
    complete_track(griffier)
    finish_rehearsal(griffier, to_summary=False)
    assert "Vraag de trainersrol aan" not in client.get("/griffie/trainer").get_data(as_text=True)
    finish_rehearsal(griffier)
    assert "Vraag de trainersrol aan" in client.get("/griffie/trainer").get_data(as_text=True)


def _request(client: FlaskClient, griffier: User) -> TrainerRequest:
    complete_track(griffier)
    finish_rehearsal(griffier)
    assert client.post("/griffie/trainer").status_code == 302
    return db.session.scalars(select(TrainerRequest)).one()


def test_approval_grants_the_role_and_a_real_session(
    browser_of: Callable[[User], FlaskClient], griffier: User, beheerder: User
) -> None:
    griffie, admin = browser_of(griffier), browser_of(beheerder)
    request = _request(griffie, griffier)
    to_beheerder = mail.outbox()[-1]
    assert to_beheerder.to == beheerder.email
    assert "Gea Griffier" in to_beheerder.body
    assert "/griffie/trainersaanvragen" in to_beheerder.body
    assert "1 aanvraag wacht op je besluit" in admin.get("/mijn").get_data(as_text=True)
    assert "wacht op een besluit" in griffie.get("/mijn").get_data(as_text=True)

    response = admin.post(f"/griffie/trainersaanvragen/{request.id}",
                          data={"decision": "approve", "reason": ""})
    assert response.status_code == 302
    db.session.refresh(request)
    assert request.status is RequestStatus.APPROVED
    assert mail.outbox()[-1].to == griffier.email
    assert "goedgekeurd" in mail.outbox()[-1].body
    dashboard = griffie.get("/mijn").get_data(as_text=True)
    assert "je bent nu trainer" in dashboard
    assert "aanvraag wacht op je besluit" not in admin.get("/mijn").get_data(as_text=True)

    # a real session (no simulated participants), steered by the new trainer
    created = griffie.post("/live/sessies/nieuw", data={
        "title": "Raadsavond integriteit", "action": "create", "item": [SCENARIO],
        "default_timer": "", "simulated": "12"})
    assert created.status_code == 302
    session = db.session.scalars(select(LiveSession).where(
        LiveSession.title == "Raadsavond integriteit")).one()
    assert session.simulated_participants is None
    assert session.organisation_id == griffier.organisation_id
    assert griffie.get(f"/live/sessies/{session.id}/regie").status_code == 200
    griffie.post("/griffie/trainer/melding-gelezen")
    assert "je bent nu trainer" not in griffie.get("/mijn").get_data(as_text=True)


def test_declining_needs_a_reason_and_tells_the_griffier(
    browser_of: Callable[[User], FlaskClient], griffier: User, beheerder: User
) -> None:
    griffie, admin = browser_of(griffier), browser_of(beheerder)
    request = _request(griffie, griffier)
    admin.post(f"/griffie/trainersaanvragen/{request.id}", data={"decision": "decline"})
    db.session.refresh(request)
    assert request.status is RequestStatus.PENDING  # no reason: nothing decided
    reason = "Eerst nog een sessie samen met een trainer."
    admin.post(f"/griffie/trainersaanvragen/{request.id}",
               data={"decision": "decline", "reason": reason})
    db.session.refresh(request)
    db.session.refresh(griffier)
    assert request.status is RequestStatus.DECLINED
    assert not griffier.has_role(Role.TRAINER)
    assert "Eerst nog een sessie samen met een trainer." in mail.outbox()[-1].body
    assert "Eerst nog een sessie samen met een trainer." in griffie.get("/mijn").get_data(
        as_text=True)


def test_a_griffier_trainer_steers_only_sessions_of_their_own_organisation(
    griffier: User, other_org: Any
) -> None:
    griffier.set_roles(griffier.roles | {Role.TRAINER})
    db.session.commit()
    session = services.create_session(griffier, "Echt", [SCENARIO])
    db.session.commit()
    assert may_steer(griffier, session)
    session.organisation_id = other_org.id
    assert not may_steer(griffier, session)


def test_only_the_beheerder_decides(
    browser_of: Callable[[User], FlaskClient], griffier: User, beheerder: User
) -> None:
    griffie = browser_of(griffier)
    request = _request(griffie, griffier)
    assert griffie.get("/griffie/trainersaanvragen").status_code == 403
    response = griffie.post(f"/griffie/trainersaanvragen/{request.id}",
                            data={"decision": "approve"})
    assert response.status_code == 403
    db.session.refresh(griffier)
    assert not griffier.has_role(Role.TRAINER)
