"""Organisation settings: expected tracks per office, a deadline and contact details, shown to
the members they concern."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from learnplatform.auth.models import User
from learnplatform.extensions import db
from learnplatform.griffie.models import DigestSubscription, ExpectedTrack, OrganisationSettings
from tests.griffie.conftest import TRACK

SETTINGS = {
    "expect": [f"raadslid:{TRACK}", "raadslid:veilig-bestuur", "koning:veilig-bestuur",
               "raadslid:bestaat-niet"],
    "deadline": "2027-03-01",
    "contact_name": "Griffie Teststad",
    "contact_email": "griffie@teststad.nl",
    "contact_phone": "0123 456 789",
    "weekly_digest": "y",
}


def _save(client: FlaskClient, org: int, **changes: object) -> int:
    return client.post(f"/griffie/{org}/instellingen", data={**SETTINGS, **changes}).status_code


def test_members_see_what_their_griffie_expects_and_by_when(
    browser_of: Callable[[User], FlaskClient], griffier: User, members: dict[str, User]
) -> None:
    assert _save(browser_of(griffier), griffier.organisation_id or 0) == 302
    idle = browser_of(members["idle"]).get("/mijn").get_data(as_text=True)
    assert "Verwacht door je griffie: Basis integriteit raadslid vóór 1 maart 2027" in idle
    assert "Verwacht door je griffie: Veilig bestuur vóór 1 maart 2027" in idle
    assert "griffie@teststad.nl" in idle
    assert "0123 456 789" in idle
    done = browser_of(members["done"]).get("/mijn").get_data(as_text=True)
    basis = done.split("Basis integriteit raadslid vóór", 1)[1].split("</li>", 1)[0]
    assert "afgerond" in basis
    wethouder = browser_of(members["busy"]).get("/mijn").get_data(as_text=True)
    assert "Verwacht door je griffie" not in wethouder  # nothing was asked of wethouders


def test_settings_keep_only_known_offices_and_tracks(
    browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    org = griffier.organisation_id or 0
    _save(browser_of(griffier), org)
    rows = {(r.office_role, r.track_id) for r in db.session.scalars(select(ExpectedTrack))}
    assert rows == {("raadslid", TRACK), ("raadslid", "veilig-bestuur")}
    page = browser_of(griffier).get(f"/griffie/{org}/instellingen").get_data(as_text=True)
    assert f'value="raadslid:{TRACK}" checked' in page
    assert db.session.get(DigestSubscription, griffier.id) is not None


def test_a_bad_deadline_changes_nothing(
    browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    org = griffier.organisation_id or 0
    assert _save(browser_of(griffier), org, deadline="1 maart") == 400
    assert db.session.get(OrganisationSettings, org) is None
    assert db.session.scalars(select(ExpectedTrack)).first() is None


def test_the_digest_is_off_unless_asked_for(
    browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    data = {k: v for k, v in SETTINGS.items() if k != "weekly_digest"}
    browser_of(griffier).post(f"/griffie/{griffier.organisation_id}/instellingen", data=data)
    assert db.session.get(DigestSubscription, griffier.id) is None
