"""The griffie in the browser: upload the council's list → the member accepts the mail link from
the development outbox → completes a module → the griffier sees the completion and exports it.
And every new griffie page passes axe on a phone (360x640) and a laptop (1280x800)."""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.helpers import login
from tests.e2e.test_learning_keyboard import _content, _shortest_module, answer_lesson

NEW_PASSWORD = "mijn-eigen-lange-wachtwoord"
SIZES = [(360, 640), (1280, 800)]


def _click_and_wait(page: Page, name: str, role: str = "button") -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()  # type: ignore[arg-type]


def test_griffier_uploads_the_list_and_sees_the_members_completion(
    new_page: Callable[..., Page], assert_accessible: Callable[[Page], None], tmp_path: Path
) -> None:
    content = _content()
    module = _shortest_module(content)
    email = f"nina.{uuid.uuid4().hex[:6]}@voorbeeldstad.nl"

    # 1. the griffier uploads the council's list (one new member) and confirms the preview
    griffier = new_page(viewport=(1280, 800))
    login(griffier, "griffier@voorbeeld.nl")
    griffier.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Griffie", exact=True).click()
    expect(griffier.get_by_role("heading", level=1)).to_have_text("Leden en voortgang")
    griffier.get_by_role("navigation", name="Griffie").get_by_role(
        "link", name="Uitnodigen").click()
    assert_accessible(griffier)
    listing = tmp_path / "raad.csv"
    listing.write_text(f"Naam;E-mail;Rol\nNina Nieuw;{email};raadslid\n", encoding="utf-8-sig")
    griffier.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(listing))
    _click_and_wait(griffier, "Bekijk voorbeeld")
    expect(griffier.get_by_role("heading", name="1 geldige regels")).to_be_visible()
    assert_accessible(griffier)
    _click_and_wait(griffier, "Importeer en verstuur 1 uitnodigingen")
    expect(griffier.get_by_text("1 leden uitgenodigd.")).to_be_visible()

    # 2. the invitation lands in the development outbox; the member follows its link
    beheerder = new_page(viewport=(1280, 800))
    login(beheerder, "beheerder@voorbeeld.nl")
    beheerder.goto("/beheer/mail")
    assert_accessible(beheerder)
    message = beheerder.locator(".mail-message", has_text=email).first
    expect(message).to_contain_text("Guus Griffier van de griffie van Gemeente Voorbeeldstad")
    expect(message).to_contain_text("7 dagen")
    link = message.locator("a[href*='/wachtwoord-instellen/']").first.get_attribute("href")
    assert link

    member = new_page(viewport=(390, 844))
    member.goto(link)
    member.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    member.get_by_label("Herhaal het nieuwe wachtwoord", exact=True).fill(NEW_PASSWORD)
    _click_and_wait(member, "Wachtwoord opslaan")
    login(member, email, NEW_PASSWORD)

    # 3. the member completes the shortest module
    member.goto(f"/leren/{module.id}")
    with member.expect_navigation():
        member.locator(".module-status a.button").first.click()
    for lesson in module.lessons:
        answer_lesson(member, lesson, content)
        with member.expect_navigation():
            member.locator(".lesson-nav a.button:not([rel=prev])").first.click()
    expect(member.get_by_text("Je hebt deze module afgerond op")).to_be_visible()

    # 4. the griffier sees the completion and exports it
    griffier.goto("/griffie/")
    griffier.get_by_label("Zoek op naam of e-mailadres").fill(email)
    _click_and_wait(griffier, "Toon")
    row = griffier.locator("tr", has_text=email)
    steps = len(_content().tracks["basis-raadslid"].steps)  # the raadslid's expected track
    expect(row).to_contain_text(f"1 van {steps} afgerond")
    row.locator("summary").click()
    expect(row.locator(".module-states")).to_contain_text(f"{module.title}: afgerond")
    assert_accessible(griffier)
    with griffier.expect_download() as download:
        griffier.get_by_role("link", name="Exporteer naar Excel (XLSX)").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet is not None
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header, line = rows[0], next(r for r in rows if r[1] == email)
    assert str(line[header.index(module.title)]).startswith("afgerond ")
    assert line[header.index("Modules afgerond")] == f"1/{steps}"


PAGES = [
    ("griffier@voorbeeld.nl", "/griffie/", "griffie-leden"),
    ("griffier@voorbeeld.nl", "/griffie/1/uitnodigingen", "griffie-uitnodigen"),
    ("griffier@voorbeeld.nl", "/griffie/1/instellingen", "griffie-instellingen"),
    ("griffier@voorbeeld.nl", "/griffie/trainer", "griffie-trainer-worden"),
    ("raadslid@voorbeeld.nl", "/mijn", "lid-dashboard"),
    ("beheerder@voorbeeld.nl", "/griffie/trainersaanvragen", "beheer-trainersaanvragen"),
    ("beheerder@voorbeeld.nl", "/beheer/mail", "beheer-uitgaande-mail"),
]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["phone", "laptop"])
def test_griffie_pages_pass_axe_on_phone_and_laptop(
    new_page: Callable[..., Page], assert_accessible: Callable[[Page], None],
    width: int, height: int,
) -> None:
    shots = Path(os.environ.get("SCREENSHOT_DIR", "")) if os.environ.get("SCREENSHOT_DIR") \
        else None
    pages: dict[str, Page] = {}
    for email, path, name in PAGES:
        if email not in pages:
            pages[email] = new_page(viewport=(width, height))
            login(pages[email], email)
        page = pages[email]
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        assert_accessible(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"{name}-{width}x{height}.png"), full_page=True)
