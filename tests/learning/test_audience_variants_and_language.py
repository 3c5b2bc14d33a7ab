"""Real Staten and water-board tracks (own cases through lesson variants) and the language of
Dutch content in the English interface (issue #14), on the course itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.config import PROJECT_ROOT
from learnplatform.extensions import db
from learnplatform.learning.models import DilemmaChoice
from learnplatform.web.content import get_content
from tests.conftest import PASSWORD

LESSON = "/leren/belangenverstrengeling-en-stemmen/oefenen-met-een-dilemma"
TITLES = {
    OrganisationKind.GEMEENTE: "Stemmen over het zwembad van je zus",
    OrganisationKind.PROVINCIE: "Windmolens op de grond van je broer",
    OrganisationKind.WATERSCHAP: "Een peilbesluit en je eigen land",
}


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """The real course."""
    return {**app_config, "CONTENT_ROOT": str(PROJECT_ROOT)}


def _member_of(kind: OrganisationKind, client: FlaskClient,
               make_user: Callable[..., User]) -> User:
    org = Organisation(name=f"Organisatie {kind.value}", kind=kind)
    db.session.add(org)
    db.session.commit()
    user = make_user(Role.DEELNEMER, org=org)
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    return user


@pytest.mark.parametrize("kind", list(TITLES))
def test_each_audience_meets_its_own_case_in_a_shared_module(
    kind: OrganisationKind, client: FlaskClient, make_user: Callable[..., User],
) -> None:
    _member_of(kind, client, make_user)
    page = client.get(LESSON).get_data(as_text=True)
    assert TITLES[kind] in page
    for other_kind, title in TITLES.items():
        if other_kind is not kind:
            assert title not in page


def test_a_statenlid_chooses_in_the_provincial_case(
    client: FlaskClient, make_user: Callable[..., User],
) -> None:
    user = _member_of(OrganisationKind.PROVINCIE, client, make_user)
    windpark = get_content().scenarios["windpark-op-de-grond-van-je-broer"]
    option = windpark.options[0].id
    assert client.post(f"{LESSON}/dilemma-zwembad", data={"option": option}).status_code == 302
    choice = db.session.scalars(
        db.select(DilemmaChoice).where(DilemmaChoice.user_id == user.id)).one()
    assert choice.scenario_id == "windpark-op-de-grond-van-je-broer"


def test_english_interface_marks_dutch_content_and_says_so(
    client: FlaskClient, make_user: Callable[..., User],
) -> None:
    _member_of(OrganisationKind.GEMEENTE, client, make_user)
    dutch = client.get(LESSON).get_data(as_text=True)
    assert "in het Nederlands" not in dutch
    client.post("/taal", data={"locale": "en", "next": "/"})
    page = client.get(LESSON).get_data(as_text=True)
    assert '<html lang="en"' in page
    assert '<span class="badge" lang="nl">in het Nederlands</span>' in page
    assert f'<span lang="nl">{TITLES[OrganisationKind.GEMEENTE]}</span>' in page
    assert '<legend lang="nl">' in page
    module = client.get("/leren/belangenverstrengeling-en-stemmen").get_data(as_text=True)
    assert '<h1 lang="nl">' in module
    assert "in het Nederlands" in module


def test_a_scenario_that_states_rules_says_it_is_not_legal_advice(
    client: FlaskClient, make_user: Callable[..., User],
) -> None:
    _member_of(OrganisationKind.GEMEENTE, client, make_user)
    zwembad = get_content().scenarios["stemmen-over-het-zwembad-van-je-zus"]
    assert zwembad.rules
    client.post(f"{LESSON}/dilemma-zwembad", data={"option": zwembad.options[0].id})
    page = client.get(LESSON).get_data(as_text=True)
    assert "Regels die meespelen" in page
    assert zwembad.rules[0].source in page
    assert page.count("Geen juridisch advies") == 1
