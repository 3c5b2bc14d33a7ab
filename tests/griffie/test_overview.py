"""The griffie overview: who completed what, filters, sorting, aggregates and exports."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask.testing import FlaskClient
from openpyxl import load_workbook

from learnplatform.auth.models import Role, User
from tests.griffie.conftest import SECRET_ANSWER, SECRET_REFLECTION, TRACK, track_modules


def _page(client: FlaskClient, org_id: int, **args: str) -> str:
    response = client.get(f"/griffie/{org_id}/", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_griffier_lands_on_their_organisation(
    browser_of: Callable[[User], FlaskClient], griffier: User
) -> None:
    response = browser_of(griffier).get("/griffie/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/griffie/{griffier.organisation_id}/")


def test_overview_shows_each_members_state_and_certificate(
    browser_of: Callable[[User], FlaskClient], griffier: User, members: dict[str, User]
) -> None:
    page = _page(browser_of(griffier), griffier.organisation_id or 0)
    assert "Anna Afgerond" in page
    assert "Bram Bezig" in page
    assert "Cor Nietbegonnen" in page
    anna = page.split("Anna Afgerond", 1)[1].split("</tr>", 1)[0]
    assert "afgerond" in anna
    steps = len(track_modules())
    assert f"{steps} van {steps} afgerond" in anna
    assert "verloopt binnenkort" in anna  # valid for 60 more days
    bram = page.split("Bram Bezig", 1)[1].split("</tr>", 1)[0]
    assert ">bezig<" in bram
    assert f"1 van {steps} afgerond" in bram
    cor = page.split("Cor Nietbegonnen", 1)[1].split("</tr>", 1)[0]
    assert "niet begonnen" in cor
    assert "geen certificaat" in cor
    assert "Antwoorden, reflecties, uitkomsten van zelftests en stemmen" in page


def test_per_module_aggregates(
    browser_of: Callable[[User], FlaskClient], griffier: User, members: dict[str, User]
) -> None:
    page = _page(browser_of(griffier), griffier.organisation_id or 0)
    aggregates = page.split('class="aggregates"', 1)[1].split("</table>", 1)[0]
    first = aggregates.split("Integriteit", 1)[1].split("</tr>", 1)[0]
    # Anna and Bram completed the first module; the griffier and Cor did not start it
    assert '<td>2<span class="muted">/4</span></td><td>2<span class="muted">/4</span></td>' in first


def test_filters_search_and_sorting(
    browser_of: Callable[[User], FlaskClient], griffier: User, members: dict[str, User]
) -> None:
    client, org = browser_of(griffier), griffier.organisation_id or 0
    completed = _page(client, org, status="completed")
    assert "Anna Afgerond" in completed
    assert "Bram Bezig" not in completed
    wethouders = _page(client, org, rol="wethouder")
    assert "Bram Bezig" in wethouders
    assert "Anna Afgerond" not in wethouders
    found = _page(client, org, q="COR@teststad")
    assert "Cor Nietbegonnen" in found
    assert "Anna Afgerond" not in found
    by_progress = _page(client, org, sorteer="progress")
    assert by_progress.index("Cor Nietbegonnen") < by_progress.index("Bram Bezig") < \
        by_progress.index("Anna Afgerond")
    by_name = _page(client, org, sorteer="name")
    assert by_name.index("Anna Afgerond") < by_name.index("Bram Bezig")


def test_unknown_filter_values_change_nothing(
    browser_of: Callable[[User], FlaskClient], griffier: User, members: dict[str, User]
) -> None:
    page = _page(browser_of(griffier), griffier.organisation_id or 0, traject="bestaat-niet",
                 status="<script>", sorteer="x")
    assert "Anna Afgerond" in page
    assert "<script>" not in page


def test_csv_export_is_for_dutch_excel_and_neutralises_formulas(
    browser_of: Callable[[User], FlaskClient], griffier: User, members: dict[str, User],
    make_user: Callable[..., User],
) -> None:
    make_user(email="evil@teststad.nl", name='=HYPERLINK("http://x.test","klik")')
    response = browser_of(griffier).get(f"/griffie/{griffier.organisation_id}/export.csv")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Naam;E-mailadres;Rol;Traject;Status")
    assert "Anna Afgerond;anna@teststad.nl;raadslid;Basis integriteit raadslid;afgerond" in text
    assert "'=HYPERLINK" in text
    assert '\n=HYPERLINK' not in text
    assert ";=HYPERLINK" not in text


def test_xlsx_export_holds_the_same_rows(
    browser_of: Callable[[User], FlaskClient], griffier: User, members: dict[str, User],
    make_user: Callable[..., User],
) -> None:
    make_user(email="evil@teststad.nl", name="=1+1")
    response = browser_of(griffier).get(
        f"/griffie/{griffier.organisation_id}/export.xlsx", query_string={"traject": TRACK})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Naam", "E-mailadres", "Rol"]
    names = [row[0] for row in rows[1:]]
    assert "Anna Afgerond" in names
    assert "'=1+1" in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_no_answer_or_reflection_reaches_any_griffie_page_or_export(
    browser_of: Callable[[User], FlaskClient], griffier: User, members: dict[str, User]
) -> None:
    client, org = browser_of(griffier), griffier.organisation_id or 0
    bodies = [client.get(f"/griffie/{org}/", query_string=q).data
              for q in ({}, {"status": "in_progress"}, {"q": "bram"})]
    bodies += [client.get(f"/griffie/{org}/export.csv").data]
    xlsx = client.get(f"/griffie/{org}/export.xlsx").data
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    bodies.append(repr([[c.value for c in row] for row in sheet.iter_rows()]).encode())
    for body in bodies:
        assert SECRET_REFLECTION.encode() not in body
        assert SECRET_ANSWER.encode() not in body


def test_beheerder_sees_every_organisation(
    browser_of: Callable[[User], FlaskClient], make_user: Callable[..., User],
    griffier: User, other_griffier: User, members: dict[str, User],
) -> None:
    client = browser_of(make_user(Role.BEHEERDER, email="bo@example.nl"))
    index = client.get("/griffie/").get_data(as_text=True)
    assert "Gemeente Teststad" in index
    assert "Provincie Anderland" in index
    assert "Anna Afgerond" in _page(client, griffier.organisation_id or 0)
    assert client.get(f"/griffie/{other_griffier.organisation_id}/").status_code == 200
