"""Certificates: PDF for the owner, public verification, expiry and renewal."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from learnplatform.auth.models import Role, User
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.learning.certificates import CODE_ALPHABET, new_code
from learnplatform.learning.models import (
    BlockProgress,
    Certificate,
    CertificateKind,
    ModuleCompletion,
)
from tests.conftest import PASSWORD
from tests.learning.helpers import MODULE, complete_basis


def _complete_track(client: FlaskClient) -> Certificate:
    complete_basis(client)
    client.get("/leren/verdieping/verder")
    client.post("/leren/verdieping/verder/vraag", data={"answer": "ja"})
    latest = db.session.scalars(
        select(Certificate)
        .where(Certificate.kind == CertificateKind.TRACK)
        .order_by(Certificate.id.desc())
    ).first()
    assert latest is not None
    return latest


def test_codes_are_long_and_unambiguous() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) >= 10
        assert set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)


def test_owner_downloads_pdf_with_name_title_and_code(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.DEELNEMER, name="Anna de Vries-Çelik")
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    complete_basis(client)
    certificate = db.session.scalars(select(Certificate)).one()
    response = client.get(f"/certificaten/{certificate.code}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = " ".join(page.extract_text().split())
    assert "Anna de Vries-Çelik" in text
    assert "Basis integriteit" in text
    assert certificate.code in text
    assert f"/certificaat/{certificate.code}" in text
    assert "Verificatiecode" in text


def test_pdf_is_for_its_owner_only(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    complete_basis(client)
    code = db.session.scalars(select(Certificate.code)).one()
    client.post("/uitloggen")
    assert client.get(f"/certificaten/{code}.pdf").status_code == 302  # to login
    login_as(Role.DEELNEMER)
    assert client.get(f"/certificaten/{code}.pdf").status_code == 404


def test_public_page_confirms_valid_certificate_and_nothing_else(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.DEELNEMER, name="Bram Bakker", email="bram@example.nl")
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    certificate = _complete_track(client)
    client.post("/uitloggen")
    messy = "-".join([certificate.code[:4], certificate.code[4:8], certificate.code[8:]]).lower()
    page = client.get(f"/certificaat/{messy}").get_data(as_text=True)
    assert "Dit certificaat is geldig." in page
    assert "Bram Bakker" in page
    assert "Basis integriteit raadslid" in page
    assert "bram@example.nl" not in page
    assert "Gemeente Teststad" not in page


def test_public_page_says_expired_and_unknown(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    certificate = _complete_track(client)
    certificate.valid_until = utcnow() - timedelta(days=1)
    db.session.commit()
    page = client.get(f"/certificaat/{certificate.code}").get_data(as_text=True)
    assert "Dit certificaat is verlopen op" in page
    unknown = client.get("/certificaat/ACDEFGHJKMNP")
    assert unknown.status_code == 404
    assert "Er is geen certificaat met code ACDEFGHJKMNP." in unknown.get_data(as_text=True)


def test_expired_track_asks_for_renewal_and_renewal_is_redoing(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    first = _complete_track(client)
    refused = client.post("/mijn/trajecten/basis-traject/vernieuwen", follow_redirects=True)
    assert "nog geldig" in refused.get_data(as_text=True)
    assert db.session.scalars(select(ModuleCompletion)).all()
    first.valid_until = utcnow() - timedelta(days=1)
    db.session.commit()
    page = client.get("/mijn").get_data(as_text=True)
    assert "Je certificaat is verlopen op" in page
    assert "Opnieuw doen" in page
    page = client.post("/mijn/trajecten/basis-traject/vernieuwen", follow_redirects=True)
    assert "Je bent opnieuw begonnen" in page.get_data(as_text=True)
    assert not db.session.scalars(select(ModuleCompletion)).all()
    assert not db.session.scalars(
        select(BlockProgress).where(BlockProgress.module_id == MODULE)
    ).all()
    second = _complete_track(client)
    assert second.code != first.code
    assert "Dit certificaat is geldig." in client.get(
        f"/certificaat/{second.code}").get_data(as_text=True)



def test_logging_in_certifies_a_complete_track_that_has_no_certificate_yet(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    """Certified at login, not by the dashboard: a GET never writes."""
    user = login_as(Role.DEELNEMER)
    first = _complete_track(client)
    db.session.delete(first)  # as if the track was added to the content after the modules
    db.session.commit()
    client.get("/mijn")
    assert not db.session.scalars(
        select(Certificate).where(Certificate.kind == CertificateKind.TRACK)).all()
    client.post("/uitloggen")
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    client.post("/uitloggen")
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    tracks = db.session.scalars(
        select(Certificate).where(Certificate.kind == CertificateKind.TRACK)
    ).all()
    assert len(tracks) == 1
    assert tracks[0].code != first.code
