"""Catalogue per audience and theme, navigation and the dashboard with tracks."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.extensions import db
from tests.conftest import PASSWORD
from tests.learning.helpers import MODULE, complete_basis


def test_gemeente_member_sees_modules_for_gemeenten(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    page = client.get("/leren").get_data(as_text=True)
    assert "Basis integriteit" in page
    assert "Verdieping" in page
    assert "Sessies leiden" not in page
    assert "Provinciale Staten" not in page
    assert "20 minuten" in page
    assert 'id="voortgang-basis-integriteit" max="100" value="0"' in page


def test_griffier_also_sees_griffier_modules(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.GRIFFIER)
    page = client.get("/leren").get_data(as_text=True)
    assert "Sessies leiden" in page
    assert "Provinciale Staten" not in page


def test_statenlid_sees_provincial_modules(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    province = Organisation(name="Provincie Noordkust", kind=OrganisationKind.PROVINCIE)
    db.session.add(province)
    db.session.commit()
    user = make_user(Role.DEELNEMER, org=province)
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    page = client.get("/leren").get_data(as_text=True)
    assert "Provinciale Staten" in page
    assert "Verdieping" not in page


def test_beheerder_sees_everything(client: FlaskClient, login_as: Callable[..., User]) -> None:
    login_as(Role.BEHEERDER)
    page = client.get("/leren").get_data(as_text=True)
    for title in ("Basis integriteit", "Verdieping", "Sessies leiden", "Provinciale Staten"):
        assert title in page


def test_theme_filter(client: FlaskClient, login_as: Callable[..., User]) -> None:
    login_as(Role.DEELNEMER)
    page = client.get("/leren?thema=dilemma-of-schending").get_data(as_text=True)
    assert "Verdieping" in page
    assert "Basis integriteit" not in page
    assert '<option value="dilemma-of-schending" selected>' in page


def test_navigation_and_start_page_link_to_learning(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/mijn"' in page
    assert 'href="/leren"' in page
    assert "Mijn leeromgeving" in page


def test_dashboard_shows_track_next_step_and_lock(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    page = client.get("/mijn").get_data(as_text=True)
    assert "Basis integriteit raadslid" in page
    assert "Train-de-trainer" not in page  # griffier track
    assert "Volgende stap: Basis integriteit" in page
    assert "Komt vrij als je Basis integriteit hebt afgerond." in page
    assert "0 van 2 modules afgerond" in page


def test_track_completion_issues_certificate_with_validity(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    from sqlalchemy import select

    from learnplatform.learning.models import Certificate, CertificateKind

    login_as(Role.DEELNEMER)
    complete_basis(client)
    page = client.get("/mijn").get_data(as_text=True)
    assert "1 van 2 modules afgerond" in page
    assert "Volgende stap: Verdieping" in page
    assert "Verder waar je was" not in page
    client.get("/leren/verdieping/verder")
    client.post("/leren/verdieping/verder/vraag", data={"answer": "ja"})
    certificates = db.session.scalars(select(Certificate).order_by(Certificate.id)).all()
    assert [c.kind for c in certificates] == [
        CertificateKind.MODULE, CertificateKind.MODULE, CertificateKind.TRACK
    ]
    track = certificates[-1]
    assert track.title == "Basis integriteit raadslid"
    assert track.valid_until is not None
    assert track.valid_until.year == track.issued_at.year + 4
    page = client.get("/mijn").get_data(as_text=True)
    assert "Behaald" in page
    assert "geldig tot" in page
    assert f"/certificaten/{track.code}.pdf" in page


def test_started_module_appears_under_resume(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    client.get(f"/leren/{MODULE}/wat-is-integriteit")
    page = client.get("/mijn").get_data(as_text=True)
    assert "Verder waar je was" in page
    assert f"/leren/{MODULE}/wat-is-integriteit#blok-vraag-eed" in page


def test_module_page_says_what_unlocks_it_in_a_track(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    page = client.get("/leren/verdieping").get_data(as_text=True)
    assert ("In het leertraject Basis integriteit raadslid is deze module nog op slot. "
            "Hij komt vrij als je Basis integriteit hebt afgerond.") in page
    complete_basis(client)
    assert "op slot" not in client.get("/leren/verdieping").get_data(as_text=True)
