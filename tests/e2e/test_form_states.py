"""Form error states are accessible too (the crawler only sees pages reached by GET)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, login, submit_and_wait


def test_login_errors_are_announced_and_accessible(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport=(390, 800))
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("niemand@voorbeeld.nl")
    page.get_by_label("Wachtwoord", exact=True).fill("fout-wachtwoord")
    submit_and_wait(page)
    expect(page.locator(".flash-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("")
    submit_and_wait(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_beheer_forms_with_errors_are_accessible(new_page: Callable[..., Page]) -> None:
    page = new_page()
    login(page, "beheerder@voorbeeld.nl")
    page.goto("/beheer/gebruikers/nieuw")
    page.get_by_label("E-mailadres").fill("raadslid@voorbeeld.nl")
    submit_and_wait(page)
    expect(page.locator("main")).to_contain_text("Dit e-mailadres heeft al een account.")
    expect(page.locator("main")).to_contain_text("Kies minstens één rol.")
    assert_accessible(page)
    page.goto("/beheer/organisaties/nieuw")
    page.get_by_label("Naam").fill("Gemeente Voorbeeldstad")
    submit_and_wait(page)
    expect(page.locator("main")).to_contain_text("Er is al een organisatie met de naam")
    assert_accessible(page)


def test_account_password_errors_are_accessible(new_page: Callable[..., Page]) -> None:
    page = new_page()
    login(page, "trainer@voorbeeld.nl")
    page.goto("/account/")
    page.get_by_label("Huidig wachtwoord").fill("niet-het-goede")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill("kort")
    with page.expect_navigation():
        page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.locator("main")).to_contain_text("minstens 10 tekens")
    assert_accessible(page)
