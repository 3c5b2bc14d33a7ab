"""Invitations: one at a time and by file, with a preview, every bad line reported, nothing
half-imported; the mail says who invites whom; links expire, can be resent and revoked."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import func, select

from learnplatform import mail
from learnplatform.auth.models import User
from learnplatform.extensions import db
from learnplatform.griffie.models import Invitation, Membership

GOOD_CSV = ("\ufeffNaam;E-mail;Rol\r\n"
            "Anna de Vries;anna@teststad.nl;raadslid\r\n"
            "Bert Bakker;bert@teststad.nl;Wethouder\r\n"
            "Cem Yilmaz;cem@teststad.nl;burgerlid\r\n").encode()
LINK = re.compile(r"https?://\S+/wachtwoord-instellen/\S+")


def _users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def _upload(client: FlaskClient, org_id: int, name: str, data: bytes) -> tuple[int, str]:
    response = client.post(f"/griffie/{org_id}/uitnodigingen/bestand",
                           data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def _payload(page: str) -> str:
    match = re.search(r'name="payload" type="hidden" value="([^"]*)"', page)
    assert match, page
    return match.group(1).replace("&#34;", '"').replace("&quot;", '"')


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_invite_one_member_mails_a_clear_invitation(
    app: Flask, browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    client = browser_of(griffier)
    response = client.post(f"/griffie/{griffier.organisation_id}/uitnodigingen", data={
        "name": "Anna de Vries", "email": "Anna@Teststad.nl", "office_role": "raadslid"})
    assert response.status_code == 302
    sent = mail.outbox()[-1]
    assert sent.to == "anna@teststad.nl"
    assert "Gemeente Teststad" in sent.subject
    assert "Gea Griffier van de griffie van Gemeente Teststad nodigt je uit als raadslid" in \
        sent.body
    assert "7 dagen" in sent.body
    assert "griffier@teststad.nl" in sent.body  # how to reach the griffie
    assert "Heb je hier niet om gevraagd" not in sent.body
    assert "uur" not in sent.body
    anna = db.session.scalars(select(User).where(User.email == "anna@teststad.nl")).one()
    assert anna.organisation_id == griffier.organisation_id
    assert db.session.get(Membership, anna.id).office_role == "raadslid"  # type: ignore[union-attr]
    page = client.get(f"/griffie/{griffier.organisation_id}/uitnodigingen").get_data(as_text=True)
    assert "Anna de Vries" in page
    assert "open tot" in page


def test_member_accepts_the_link_and_the_griffie_sees_it(
    app: Flask, client: FlaskClient, browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    griffie = browser_of(griffier)
    griffie.post(f"/griffie/{griffier.organisation_id}/uitnodigingen", data={
        "name": "Anna de Vries", "email": "anna@teststad.nl", "office_role": "raadslid"})
    link = LINK.search(mail.outbox()[-1].body)
    assert link
    path = "/" + link.group(0).split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": "een-heel-goed-wachtwoord",
                                       "confirm": "een-heel-goed-wachtwoord"})
    assert response.status_code == 302
    login = client.post("/inloggen", data={"email": "anna@teststad.nl",
                                           "password": "een-heel-goed-wachtwoord"})
    assert login.status_code == 302
    page = griffie.get(f"/griffie/{griffier.organisation_id}/uitnodigingen").get_data(as_text=True)
    assert "geaccepteerd" in page
    assert client.get(path).status_code == 400  # used once


def test_an_address_with_an_account_is_refused(
    browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    before = len(mail.outbox())
    response = browser_of(griffier).post(
        f"/griffie/{griffier.organisation_id}/uitnodigingen",
        data={"name": "Dubbel", "email": griffier.email, "office_role": "raadslid"})
    assert response.status_code == 400
    assert "Er is al een account met dit e-mailadres." in response.get_data(as_text=True)
    assert len(mail.outbox()) == before


@pytest.mark.parametrize(("name", "data"), [
    ("raad.csv", GOOD_CSV),
    ("raad.csv", GOOD_CSV.decode().replace(";", ",").encode()),
    ("raad.xlsx", _xlsx([["Naam", "E-mail", "Rol"], ["Anna de Vries", "anna@teststad.nl",
                                                     "raadslid"],
                         ["Bert Bakker", "bert@teststad.nl", "wethouder"],
                         ["Cem Yilmaz", "cem@teststad.nl", "burgerlid"]])),
])
def test_a_good_file_is_previewed_then_imported(
    browser_of: Callable[[User], FlaskClient], griffier: User, name: str, data: bytes
) -> None:
    client, org = browser_of(griffier), griffier.organisation_id or 0
    before = _users()
    status, page = _upload(client, org, name, data)
    assert status == 200
    assert "3 geldige regels" in page
    assert "Er is nog niets geïmporteerd" in page
    assert _users() == before  # a preview imports nothing
    response = client.post(f"/griffie/{org}/uitnodigingen/importeren",
                           data={"payload": _payload(page)})
    assert response.status_code == 302
    assert _users() == before + 3
    assert {m.to for m in mail.outbox()} >= {"anna@teststad.nl", "bert@teststad.nl",
                                             "cem@teststad.nl"}
    assert db.session.scalars(select(Membership.office_role)).all().count("wethouder") == 1


BAD_FILES = {
    "missing e-mail": (b"Anna;;raadslid\nBert;bert@teststad.nl;raadslid\n", 1,
                       "het e-mailadres ontbreekt"),
    "duplicate": (b"Anna;anna@teststad.nl;raadslid\nAnna 2;ANNA@teststad.nl;raadslid\n", 2,
                  "dit e-mailadres staat ook op regel 1"),
    "unknown role": (b"Anna;anna@teststad.nl;raadslid\nBert;bert@teststad.nl;koning\n", 2,
                     "onbekende rol"),
    "bad encoding": (b"Anna;anna@teststad.nl;raadslid\nBj\xf6rn;bjorn@teststad.nl;raadslid\n",
                     2, "geen UTF-8"),
    "formula in a cell": (b'Anna;anna@teststad.nl;raadslid\n=HYPERLINK("x");b@teststad.nl;'
                          b"raadslid\n", 2, "formule"),
    "existing account": (b"Gea;griffier@teststad.nl;griffier\nBert;bert@teststad.nl;raadslid\n",
                         1, "er is al een account"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_every_bad_line_is_reported_and_nothing_is_imported(
    browser_of: Callable[[User], FlaskClient], griffier: User, kind: str
) -> None:
    data, line, reason = BAD_FILES[kind]
    client, org = browser_of(griffier), griffier.organisation_id or 0
    before, mails = _users(), len(mail.outbox())
    status, page = _upload(client, org, "lijst.csv", data)
    assert status == 200
    assert f"Regel {line}</strong>: " in page
    assert reason in page
    assert "Importeer en verstuur" not in page  # no import-all button for a faulty file
    assert "Alleen de geldige regels importeren (1)" in page
    # importing "all" anyway is refused and changes nothing
    response = client.post(f"/griffie/{org}/uitnodigingen/importeren",
                           data={"payload": _payload(page)})
    assert response.status_code == 302
    assert _users() == before
    assert len(mail.outbox()) == mails
    # only when the griffier explicitly chooses the valid lines are they imported
    client.post(f"/griffie/{org}/uitnodigingen/importeren",
                data={"payload": _payload(page), "only_valid": "1"})
    assert _users() == before + 1


def test_a_formula_in_an_xlsx_cell_is_reported(
    browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    data = _xlsx([["Anna", "anna@teststad.nl", "raadslid"], ["=1+1", "b@teststad.nl", "raadslid"]])
    status, page = _upload(browser_of(griffier), griffier.organisation_id or 0, "l.xlsx", data)
    assert status == 200
    assert "Regel 2</strong>: " in page
    assert "formule" in page


@pytest.mark.parametrize(("name", "data", "message"), [
    ("lijst.pdf", b"%PDF", "Kies een CSV- of XLSX-bestand."),
    ("lijst.xlsx", b"geen zip", "Dit is geen leesbaar XLSX-bestand."),
    ("lijst.csv", b"\n\n", "Het bestand bevat geen regels."),
])
def test_an_unreadable_file_is_refused_as_a_whole(
    browser_of: Callable[[User], FlaskClient], griffier: User, name: str, data: bytes,
    message: str,
) -> None:
    before = _users()
    status, page = _upload(browser_of(griffier), griffier.organisation_id or 0, name, data)
    assert status == 400
    assert message in page
    assert _users() == before


def _invite(client: FlaskClient, org: int) -> Invitation:
    client.post(f"/griffie/{org}/uitnodigingen", data={
        "name": "Anna de Vries", "email": "anna@teststad.nl", "office_role": "raadslid"})
    return db.session.scalars(select(Invitation)).one()


def _link(client: FlaskClient, body: str) -> str:
    match = LINK.search(body)
    assert match
    return "/" + match.group(0).split("/", 3)[3]


def test_resending_replaces_the_link(
    client: FlaskClient, browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    griffie, org = browser_of(griffier), griffier.organisation_id or 0
    invitation = _invite(griffie, org)
    first = _link(client, mail.outbox()[-1].body)
    griffie.post(f"/griffie/{org}/uitnodigingen/{invitation.id}/opnieuw")
    second = _link(client, mail.outbox()[-1].body)
    assert first != second
    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 200


def test_revoking_stops_the_link_and_removes_the_unused_account(
    client: FlaskClient, browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    griffie, org = browser_of(griffier), griffier.organisation_id or 0
    invitation = _invite(griffie, org)
    link = _link(client, mail.outbox()[-1].body)
    griffie.post(f"/griffie/{org}/uitnodigingen/{invitation.id}/intrekken")
    assert client.get(link).status_code == 400
    assert db.session.scalars(select(User).where(User.email == "anna@teststad.nl")).first() is None
    page = griffie.get(f"/griffie/{org}/uitnodigingen").get_data(as_text=True)
    assert "ingetrokken" in page


def test_another_organisations_invitation_cannot_be_touched(
    browser_of: Callable[[User], FlaskClient], griffier: User, other_griffier: User
) -> None:
    invitation = _invite(browser_of(griffier), griffier.organisation_id or 0)
    other = browser_of(other_griffier)
    org = other_griffier.organisation_id
    assert other.post(f"/griffie/{org}/uitnodigingen/{invitation.id}/intrekken").status_code == 404
    assert db.session.get(Invitation, invitation.id).revoked_at is None  # type: ignore[union-attr]
