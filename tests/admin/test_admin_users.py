"""Beheerder: user list with filters and pages, create, edit roles, (de)activate."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from learnplatform.admin.services import PER_PAGE
from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.extensions import db
from learnplatform.mail import outbox


def test_filter_on_text_organisation_and_role(
    client: FlaskClient, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    login_as(Role.BEHEERDER, email="boss@example.nl")
    other = Organisation(name="Provincie Utrecht", kind=OrganisationKind.PROVINCIE)
    db.session.add(other)
    db.session.commit()
    make_user(Role.TRAINER, name="Tineke Trainer", email="tineke@example.nl")
    make_user(Role.DEELNEMER, name="Dirk Deelnemer", email="dirk@example.nl", org=other)

    def names(query: str) -> set[str]:
        page = client.get(f"/beheer/gebruikers?{query}").get_data(as_text=True)
        return set(re.findall(r'/beheer/gebruikers/\d+">([^<]+)<', page))

    assert names("") == {"Test Gebruiker", "Tineke Trainer", "Dirk Deelnemer"}
    assert names("q=TINEKE") == {"Tineke Trainer"}
    assert names("q=dirk%40") == {"Dirk Deelnemer"}
    assert names(f"organisation={other.id}") == {"Dirk Deelnemer"}
    assert names("role=trainer") == {"Tineke Trainer"}
    assert names("role=trainer&organisation=" + str(other.id)) == set()
    assert client.get("/beheer/gebruikers?role=keizer&organisation=abc").status_code == 200


def test_pagination(
    client: FlaskClient, login_as: Callable[..., User], organisation: Organisation
) -> None:
    login_as(Role.BEHEERDER)
    # direct rows with a dummy hash: hashing 30 real passwords would only slow the test down
    db.session.add_all(
        User(email=f"p{i}@example.nl", name=f"Persoon {i:02d}", password_hash="-",
             organisation=organisation)
        for i in range(PER_PAGE + 5)
    )
    db.session.commit()
    first = client.get("/beheer/gebruikers").get_data(as_text=True)
    assert "Pagina 1 van 2" in first
    assert "pagina=2" in first
    second = client.get("/beheer/gebruikers?pagina=2").get_data(as_text=True)
    assert "Pagina 2 van 2" in second
    assert second.count("/beheer/gebruikers/") - second.count("/beheer/gebruikers/nieuw") == 6


def test_create_user_sends_password_link_that_works(
    client: FlaskClient, login_as: Callable[..., User], organisation: Organisation
) -> None:
    login_as(Role.BEHEERDER)
    response = client.post("/beheer/gebruikers/nieuw", data={
        "name": "Nina Nieuw", "email": "Nina@Example.nl", "organisation": str(organisation.id),
        "roles": ["deelnemer", "griffier"],
    }, follow_redirects=True)
    assert "Account voor nina@example.nl aangemaakt" in response.get_data(as_text=True)
    user = db.session.scalars(select(User).where(User.email == "nina@example.nl")).one()
    assert user.roles == {Role.DEELNEMER, Role.GRIFFIER}
    assert user.organisation_id == organisation.id
    mail = outbox()[-1]
    assert mail.to == "nina@example.nl"
    match = re.search(r"/wachtwoord-instellen/(\S+)", mail.body)
    assert match
    client.post("/uitloggen")
    new = "mijn-eigen-wachtwoord"
    client.post(f"/wachtwoord-instellen/{match.group(1)}", data={"password": new, "confirm": new})
    assert client.post("/inloggen", data={"email": user.email, "password": new}).status_code == 302


def test_create_user_refuses_duplicate_email_and_no_roles(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    admin = login_as(Role.BEHEERDER)
    response = client.post("/beheer/gebruikers/nieuw", data={
        "name": "Dubbel", "email": admin.email.upper(), "organisation": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dit e-mailadres heeft al een account." in page
    assert "Kies minstens één rol." in page
    assert outbox() == []


def test_change_roles_and_organisation(
    client: FlaskClient, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    login_as(Role.BEHEERDER)
    user = make_user(Role.DEELNEMER)
    form = client.get(f"/beheer/gebruikers/{user.id}").get_data(as_text=True)
    assert re.search(r'value="deelnemer"[^>]*checked|checked[^>]*value="deelnemer"', form)
    client.post(f"/beheer/gebruikers/{user.id}", data={
        "name": user.name, "email": user.email, "organisation": "",
        "roles": ["trainer", "griffier"]})
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user is not None
    assert user.roles == {Role.TRAINER, Role.GRIFFIER}
    assert user.organisation is None


def test_beheerder_cannot_remove_own_beheerder_role_or_deactivate_self(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    admin = login_as(Role.BEHEERDER)
    response = client.post(f"/beheer/gebruikers/{admin.id}", data={
        "name": admin.name, "email": admin.email, "roles": ["deelnemer"]})
    assert "Je kunt je eigen rol beheerder niet afnemen." in response.get_data(as_text=True)
    page = client.post(f"/beheer/gebruikers/{admin.id}/actief", data={"value": "0"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Je kunt je eigen account niet deactiveren." in page
    db.session.expire_all()
    admin = db.session.get(User, admin.id)
    assert admin is not None
    assert admin.active
    assert admin.roles == {Role.BEHEERDER}


def test_deactivate_and_reactivate(
    client: FlaskClient, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    login_as(Role.BEHEERDER)
    user = make_user(Role.DEELNEMER)
    page = client.post(f"/beheer/gebruikers/{user.id}/actief", data={"value": "0"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Account gedeactiveerd." in page
    assert "gedeactiveerd" in client.get("/beheer/gebruikers").get_data(as_text=True)
    db.session.refresh(user)
    assert not user.active
    client.post(f"/beheer/gebruikers/{user.id}/actief", data={"value": "1"})
    db.session.refresh(user)
    assert user.active
    assert client.post(f"/beheer/gebruikers/{user.id}/actief",
                       data={"value": "x"}).status_code == 400


def test_resend_password_link(
    client: FlaskClient, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    login_as(Role.BEHEERDER)
    user = make_user(Role.DEELNEMER)
    client.post(f"/beheer/gebruikers/{user.id}/wachtwoordlink")
    assert [m.to for m in outbox()] == [user.email]
