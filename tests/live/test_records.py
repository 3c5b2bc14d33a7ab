"""Session records: the report (page, XLSX, CSV for Dutch Excel), the attendance list and who
may see them (the owner and the organisation's griffiers, checked over the URL map)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from learnplatform.auth.models import Organisation, Role, User
from learnplatform.live import attendance, engine, services, votes
from learnplatform.live.models import LiveSession, Participant


def _advance(db: Any, session: LiveSession, *commands: engine.Command) -> None:
    for command in commands:
        services.execute(session, command)
    db.session.commit()


def played_session(db: Any, trainer: User, make_session: Callable[..., LiveSession],
                   **options: Any) -> LiveSession:
    """A session with two rounds on the first dilemma (one a prepared variation, then an ad-hoc
    one), shown and hidden arguments, and (when kept) an attendance list."""
    session = make_session(trainer, **options)
    if session.attendance_enabled:
        attendance.add(session, "Zoë de Vries", "raadslid")
        attendance.add(session, "=cmd|' /C calc'!A0", None)
        attendance.add(session, "Anna Bakker", "griffier")
    _advance(db, session, engine.Start(), engine.OpenVote())
    for option in ("aannemen", "aannemen", "melden", "teruggeven"):
        p, _t, _c = services.join_participant(session, None)
        votes.cast_vote(session, p.id, "0:0", option)
    _advance(db, session, engine.Reveal())
    argument = services.add_argument(session, "=HYPERLINK(\"x\") het bedrag telt niet")
    services.add_argument(session, "Niet getoond")
    services.moderate(session, argument.id, "show")
    _advance(db, session, engine.StartVariation("thuisbezorgd"), engine.OpenVote())
    for participant in db.session.scalars(select(Participant)):
        votes.cast_vote(session, participant.id, "0:1", "teruggeven")
    _advance(db, session, engine.Reveal(), engine.StartAdHocVariation("De gever is je oom."),
             engine.OpenVote(), engine.Reveal(), engine.Next(), engine.Next(), engine.End())
    return session


def test_report_page_has_the_facts_for_the_files(client: FlaskClient, trainer: User, db: Any,
                                                 make_session: Callable[..., LiveSession]
                                                 ) -> None:
    session = played_session(db, trainer, make_session, attendance=True)
    html = client.get(f"/live/sessies/{session.id}/rapport").get_data(as_text=True)
    assert "Gemeente Teststad" in html
    assert trainer.name in html
    assert "Deelnemers</dt><dd>4</dd>" in html
    assert "Op de presentielijst</dt><dd>3</dd>" in html
    assert "+75" in html  # teruggeven: 25% → 100%
    assert "het bedrag telt niet" in html
    assert "Niet getoond" not in html
    assert "De gever is je oom." in html  # the ad-hoc round is reported like a prepared one
    assert "data-print" in html
    assert "js/live/print.js" in html
    assert "Zoë de Vries" not in html  # names are a separate record


def test_report_csv_opens_in_dutch_excel(client: FlaskClient, trainer: User, db: Any,
                                         make_session: Callable[..., LiveSession]) -> None:
    session = played_session(db, trainer, make_session)
    response = client.get(f"/live/sessies/{session.id}/rapport.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Gegeven", "Waarde"]
    assert ["Organisatie", "Gemeente Teststad"] in rows
    assert ["Aantal deelnemers", "4"] in rows
    votes_at = rows.index(["Nr.", "Dilemma", "Ronde", "Variant", "Keuze", "Stemmen", "Procent",
                           "Verschuiving (procentpunt)", "Totaal stemmen"])
    vote_rows = [r for r in rows[votes_at + 1:] if len(r) == 9]
    first = [r for r in vote_rows if r[2] == "1"]
    assert [(r[4], r[5], r[6]) for r in first] == [
        ("Aannemen", "2", "50"), ("Aannemen en melden", "1", "25"), ("Teruggeven", "1", "25")]
    second = [r for r in vote_rows if r[2] == "2"]
    assert [r[7] for r in second] == ["-50", "-25", "75"]
    assert second[0][3] == "De fles wordt bij je thuis bezorgd."
    assert [r[3] for r in vote_rows if r[2] == "3"][0] == "De gever is je oom."
    assert ["1", "Een fles wijn", "'=HYPERLINK(\"x\") het bedrag telt niet"] in rows
    assert "Niet getoond" not in raw.decode("utf-8-sig")


def test_report_headers_follow_the_users_language(client: FlaskClient, trainer: User, db: Any,
                                                  make_session: Callable[..., LiveSession]
                                                  ) -> None:
    session = played_session(db, trainer, make_session)
    with client.session_transaction() as cookie:
        cookie["locale"] = "en"
    raw = client.get(f"/live/sessies/{session.id}/rapport.csv").get_data().decode("utf-8-sig")
    assert raw.splitlines()[0] == "Item;Value"
    assert "Number of participants;4" in raw


def test_report_xlsx_has_a_sheet_per_table(client: FlaskClient, trainer: User, db: Any,
                                           make_session: Callable[..., LiveSession]) -> None:
    session = played_session(db, trainer, make_session, attendance=True)
    response = client.get(f"/live/sessies/{session.id}/rapport.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Sessie", "Stemmingen", "Argumenten"]
    facts = {row[0]: row[1] for row in book["Sessie"].iter_rows(min_row=2, values_only=True)}
    assert facts["Trainer"] == trainer.name
    assert facts["Namen op de presentielijst"] == 3
    lines = list(book["Stemmingen"].iter_rows(min_row=2, values_only=True))
    assert (1, "Een fles wijn", 1, None, "Aannemen", 2, 50, None, 4) in lines
    arguments = [row[2] for row in book["Argumenten"].iter_rows(min_row=2, values_only=True)]
    assert arguments == ["'=HYPERLINK(\"x\") het bedrag telt niet"]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"  # no formula anywhere


def test_attendance_list_and_downloads(client: FlaskClient, trainer: User, db: Any,
                                       make_session: Callable[..., LiveSession]) -> None:
    session = played_session(db, trainer, make_session, attendance=True)
    html = client.get(f"/live/sessies/{session.id}/presentielijst").get_data(as_text=True)
    assert html.index("Anna Bakker") < html.index("Zoë de Vries")
    assert "Raadslid" in html
    raw = client.get(f"/live/sessies/{session.id}/presentielijst.csv").get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    date = session.started_at.astimezone().strftime("%d-%m-%Y") if session.started_at else ""
    assert rows[0] == ["Naam", "Functie", "Datum"]
    assert [r[0] for r in rows[1:]] == ["'=cmd|' /C calc'!A0", "Anna Bakker", "Zoë de Vries"]
    assert rows[2][1] == "Griffier"
    assert {r[2] for r in rows[1:]} == {date}  # the session's date, no time per name
    book = load_workbook(io.BytesIO(
        client.get(f"/live/sessies/{session.id}/presentielijst.xlsx").get_data()))
    names = [r[0] for r in book.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["'=cmd|' /C calc'!A0", "Anna Bakker", "Zoë de Vries"]


def test_attendance_names_only_after_the_session(client: FlaskClient, trainer: User, db: Any,
                                                 make_session: Callable[..., LiveSession]
                                                 ) -> None:
    session = make_session(trainer, attendance=True)
    attendance.add(session, "Robin Raadslid")
    db.session.commit()
    html = client.get(f"/live/sessies/{session.id}/presentielijst").get_data(as_text=True)
    assert "Robin Raadslid" not in html
    assert "Nu staan er 1 namen op" in html
    assert client.get(f"/live/sessies/{session.id}/presentielijst.csv").status_code == 404
    without = make_session(trainer)
    assert client.get(f"/live/sessies/{without.id}/presentielijst").status_code == 404


RECORD_ENDPOINTS = ("live.report", "live.report_download", "live.report_xlsx",
                    "live.attendance_list", "live.attendance_csv", "live.attendance_xlsx",
                    "live.attendance_erase")


@pytest.fixture
def records_session(app: Flask, db: Any, make_user: Callable[..., User],
                    make_session: Callable[..., LiveSession]) -> LiveSession:
    owner = make_user(Role.TRAINER)
    return played_session(db, owner, make_session, attendance=True)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("owner", True), ("griffier", True), ("griffier_elsewhere", False),
     ("trainer_same_org", False), ("deelnemer", False), ("beheerder", False)],
)
def test_records_are_for_the_owner_and_the_organisations_griffiers(
    app: Flask, db: Any, make_user: Callable[..., User], records_session: LiveSession,
    browser_of: Callable[[User], FlaskClient], who: str, allowed: bool,
) -> None:
    other = Organisation(name="Provincie Elders", kind="provincie")  # type: ignore[arg-type]
    db.session.add(other)
    db.session.commit()
    users = {
        "owner": lambda: db.session.get(User, records_session.owner_id),
        "griffier": lambda: make_user(Role.GRIFFIER),
        "griffier_elsewhere": lambda: make_user(Role.GRIFFIER, org=other),
        "trainer_same_org": lambda: make_user(Role.TRAINER),
        "deelnemer": lambda: make_user(Role.DEELNEMER),
        "beheerder": lambda: make_user(Role.BEHEERDER),
    }
    http = browser_of(users[who]())
    rules = [r for r in app.url_map.iter_rules() if r.endpoint in RECORD_ENDPOINTS]
    assert {r.endpoint for r in rules} == set(RECORD_ENDPOINTS)
    for rule in rules:
        url = rule.build({"session_id": records_session.id})[1]  # type: ignore[index]
        status = http.get(url).status_code
        assert (status == 200) is allowed, (rule.endpoint, who, status)
        if not allowed:
            assert status in (403, 404)
    anonymous = app.test_client()
    for rule in rules:
        url = rule.build({"session_id": records_session.id})[1]  # type: ignore[index]
        assert anonymous.get(url).status_code == 302


def test_griffier_finds_the_organisations_records(
    db: Any, make_user: Callable[..., User], records_session: LiveSession,
    browser_of: Callable[[User], FlaskClient],
) -> None:
    http = browser_of(make_user(Role.GRIFFIER))
    html = http.get("/live/presentielijsten").get_data(as_text=True)
    assert f"/live/sessies/{records_session.id}/presentielijst" in html
    assert "Rapporten en presentielijsten" in http.get("/live/sessies").get_data(as_text=True)


def test_whats_next_after_the_session(client: FlaskClient, trainer: User, db: Any,
                                      make_session: Callable[..., LiveSession]) -> None:
    session = played_session(db, trainer, make_session, attendance=True)
    html = client.get(f"/live/sessies/{session.id}").get_data(as_text=True)
    assert "Wat nu?" in html
    assert f"/live/sessies/{session.id}/rapport" in html
    assert f"/live/sessies/{session.id}/presentielijst" in html
    assert f"/live/sessies/{session.id}/opnieuw" in html
    assert "/leren/geschenken" in html  # a follow-up module for the group
    control = client.get(f"/live/sessies/{session.id}/regie").get_data(as_text=True)
    assert "Wat nu?" in control


def test_names_can_be_erased_once_filed(client: FlaskClient, trainer: User, db: Any,
                                        make_session: Callable[..., LiveSession]) -> None:
    session = played_session(db, trainer, make_session, attendance=True)
    url = f"/live/sessies/{session.id}/presentielijst/verwijderen"
    assert "Ja, verwijderen" in client.get(url).get_data(as_text=True)
    assert attendance.count(session.id) == 3
    assert client.post(url).status_code == 302
    assert attendance.count(session.id) == 0
    html = client.get(f"/live/sessies/{session.id}/rapport").get_data(as_text=True)
    assert "Een fles wijn" in html  # votes and report stay
