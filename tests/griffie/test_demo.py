"""`flask demo` gives the griffie of Gemeente Voorbeeldstad a dozen members in varied states."""

from __future__ import annotations

from flask.testing import FlaskClient, FlaskCliRunner

from tests.conftest import PASSWORD

DEMO_PASSWORD = "oefenen-is-leren"


def test_the_demo_griffie_sees_a_council_in_varied_states(
    runner: FlaskCliRunner, client: FlaskClient
) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    client.post("/inloggen", data={"email": "griffier@voorbeeld.nl", "password": DEMO_PASSWORD})
    page = client.get("/griffie/", follow_redirects=True).get_data(as_text=True)
    assert "Gemeente Voorbeeldstad" in page
    assert page.count('<th scope="row" class="member-name">') >= 12
    for state in ("afgerond", "bezig", "niet begonnen", "verloopt binnenkort", "uitgenodigd"):
        assert state in page, state
    assert PASSWORD not in page
    member = client.application.test_client()
    member.post("/inloggen", data={"email": "gert.visser@voorbeeldstad.nl",
                                   "password": DEMO_PASSWORD})
    dashboard = member.get("/mijn").get_data(as_text=True)
    assert "Verwacht door je griffie: Basis integriteit raadslid vóór" in dashboard
    assert "de datum is voorbij" in dashboard
