"""Fixtures for the griffie tests: a griffier, members with known progress, another organisation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie.models import Membership
from learnplatform.learning.models import (
    BlockProgress,
    Certificate,
    CertificateKind,
    ModuleCompletion,
    Reflection,
)
from tests.conftest import PASSWORD

TRACK = "basis-raadslid"
FIRST = "integriteit-wat-wordt-verwacht"
SECOND = "morele-oordeelsvorming"
SECRET_REFLECTION = "Mijn zwager levert stiekem aan de gemeente"
SECRET_ANSWER = "optie-geheim-antwoord-42"


def track_modules() -> list[str]:
    """The modules of TRACK in the course as it stands (the course grows; the tests follow)."""
    from learnplatform.web.content import get_content

    return [step.module for step in get_content().tracks[TRACK].steps]


@pytest.fixture
def browser_of(app: Flask) -> Callable[[User], FlaskClient]:
    """Factory: a fresh test client logged in as `user`."""

    def factory(user: User) -> FlaskClient:
        client = app.test_client()
        response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return factory


@pytest.fixture
def griffier(make_user: Callable[..., User]) -> User:
    """A griffier of the test organisation."""
    return make_user(Role.GRIFFIER, Role.DEELNEMER, email="griffier@teststad.nl",
                     name="Gea Griffier")


@pytest.fixture
def other_org(app: Flask) -> Organisation:
    """A second organisation whose griffie must see nothing of the first."""
    org = Organisation(name="Provincie Anderland", kind=OrganisationKind.PROVINCIE)
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def other_griffier(make_user: Callable[..., User], other_org: Organisation) -> User:
    """A griffier of the other organisation."""
    return make_user(Role.GRIFFIER, email="griffier@anderland.nl", name="Olaf Ander",
                     org=other_org)


def give_office(user: User, office: str) -> None:
    """Record the member's office role."""
    db.session.merge(Membership(user_id=user.id, office_role=office))
    db.session.commit()


@pytest.fixture
def members(make_user: Callable[..., User]) -> dict[str, User]:
    """Three members: one completed the track, one is busy (with private answers), one idle."""
    done = make_user(email="anna@teststad.nl", name="Anna Afgerond")
    busy = make_user(email="bram@teststad.nl", name="Bram Bezig")
    idle = make_user(email="cor@teststad.nl", name="Cor Nietbegonnen")
    give_office(done, "raadslid")
    give_office(busy, "wethouder")
    give_office(idle, "raadslid")
    now = utcnow()
    for step in track_modules():
        db.session.add(ModuleCompletion(user_id=done.id, module_id=step,
                                        completed_at=now - timedelta(days=10)))
    db.session.add(Certificate(user_id=done.id, kind=CertificateKind.TRACK, ref_id=TRACK,
                               title="Certificaat", issued_at=now - timedelta(days=10),
                               valid_until=now + timedelta(days=60), code="ACDEFGHJKMNP"))
    db.session.add(ModuleCompletion(user_id=busy.id, module_id=FIRST, completed_at=now))
    db.session.add(BlockProgress(user_id=busy.id, module_id=SECOND, block_id="vraag-1",
                                 answer=[SECRET_ANSWER], correct=False))
    db.session.add(Reflection(user_id=busy.id, module_id=SECOND, block_id="reflectie",
                              text=SECRET_REFLECTION))
    db.session.commit()
    return {"done": done, "busy": busy, "idle": idle}
