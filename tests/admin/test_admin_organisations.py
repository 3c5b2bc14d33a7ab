"""Beheerder: organisations list, create, edit, unique names."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.extensions import db


def test_list_shows_organisations_with_kind(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.BEHEERDER)
    page = client.get("/beheer/organisaties").get_data(as_text=True)
    assert "Gemeente Teststad" in page
    assert "gemeente" in page


def test_create_and_edit_organisation(client: FlaskClient, login_as: Callable[..., User]) -> None:
    login_as(Role.BEHEERDER)
    page = client.post("/beheer/organisaties/nieuw",
                       data={"name": "Waterschap Rivierenland", "kind": "waterschap"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Organisatie Waterschap Rivierenland is opgeslagen." in page
    org = db.session.scalars(
        select(Organisation).where(Organisation.name == "Waterschap Rivierenland")).one()
    assert org.kind is OrganisationKind.WATERSCHAP

    form = client.get(f"/beheer/organisaties/{org.id}").get_data(as_text=True)
    assert 'value="Waterschap Rivierenland"' in form
    client.post(f"/beheer/organisaties/{org.id}",
                data={"name": "Provincie Gelderland", "kind": "provincie"})
    db.session.refresh(org)
    assert (org.name, org.kind) == ("Provincie Gelderland", OrganisationKind.PROVINCIE)


def test_duplicate_name_is_refused_with_a_clear_message(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.BEHEERDER)
    response = client.post("/beheer/organisaties/nieuw",
                           data={"name": "gemeente teststad", "kind": "gemeente"})
    assert response.status_code == 400
    assert "Er is al een organisatie met de naam gemeente teststad." in response.get_data(
        as_text=True)
    assert len(db.session.scalars(select(Organisation)).all()) == 1


def test_bad_kind_and_unknown_organisation(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.BEHEERDER)
    response = client.post("/beheer/organisaties/nieuw", data={"name": "X", "kind": "land"})
    assert response.status_code == 400
    assert client.get("/beheer/organisaties/999").status_code == 404
