"""Building a session by keyboard only, on a phone (390 px) and a laptop (1280 px): a programme
fills the list, one dilemma is swapped for another from the library, the new one moves up, and
the session is set up. axe-core finds no serious or critical problem on the way."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from learnplatform.config import PROJECT_ROOT
from learnplatform.content.loader import load_content

TRAINER = "trainer@voorbeeld.nl"
PROGRAMME = "Startbijeenkomst nieuwe raad"
SWAPPED_OUT = "Stemmen over het zwembad van je zus"
SWAPPED_IN = "De buurman vraagt om een zetje"
# how many dilemmas the programme fills the session with (the course decides, not this test)
DILEMMAS = len(load_content(PROJECT_ROOT).programmes["startbijeenkomst-nieuwe-raad"].scenarios)
MAX_TABS = 400


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab (only) until `target` has the keyboard focus."""
    target.wait_for(state="attached")
    for _press in range(MAX_TABS):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"could not reach {target} with the Tab key")


def titles(page: Page) -> list[str]:
    """The dilemmas in "Jouw sessie", in order."""
    return [t.strip() for t in page.locator(".builder-list .builder-item-title").all_inner_texts()]


@pytest.mark.parametrize("width", [390, 1280])
def test_build_a_session_from_a_programme_by_keyboard(
    new_page: Callable[..., Page], login: Callable[..., None],
    assert_accessible: Callable[[Page], None], width: int,
) -> None:
    page = new_page(viewport=(width, 800))
    login(page, TRAINER)
    page.goto("/live/sessies")
    tab_to(page, page.locator("#programmes-heading ~ ul").get_by_role("link", name=PROGRAMME))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/live/sessies/nieuw\?programma="))
    expect(page.get_by_label("Titel van de sessie")).to_have_value(PROGRAMME)
    assert len(titles(page)) == DILEMMAS
    expect(page.locator("[data-builder-total]")).to_contain_text(f"{DILEMMAS} dilemma's")
    assert_accessible(page)

    # swap: take one dilemma out, find another in the library and add it
    tab_to(page, page.get_by_role("button", name=f"Verwijderen: {SWAPPED_OUT}"))
    page.keyboard.press("Enter")
    expect(page.locator(".builder-list .builder-item")).to_have_count(DILEMMAS - 1)
    tab_to(page, page.get_by_label("Zoeken"))
    page.keyboard.type("zetje")
    expect(page.locator(".builder-lib-item:not([hidden])")).to_have_count(1)
    tab_to(page, page.locator(".builder-lib-item:not([hidden]) summary"))
    page.keyboard.press("Enter")  # read it first
    expect(page.locator(".builder-lib-item:not([hidden]) details")).to_have_attribute("open", "")
    tab_to(page, page.get_by_role("button", name=f"Toevoegen: {SWAPPED_IN}"))
    page.keyboard.press("Enter")
    expect(page.locator(".builder-list .builder-item")).to_have_count(DILEMMAS)
    assert titles(page)[-1].endswith(SWAPPED_IN)
    expect(page.locator("[data-builder-announce]")).to_contain_text("staat nu in je sessie")

    # reorder by keyboard: focus stays on the button, so Enter can be pressed again
    tab_to(page, page.get_by_role("button", name=f"Omhoog: {SWAPPED_IN}"))
    page.keyboard.press("Enter")
    expect(page.locator(".builder-list .builder-item").nth(DILEMMAS - 2)).to_contain_text(
        SWAPPED_IN)
    expect(page.get_by_role("button", name=f"Omhoog: {SWAPPED_IN}")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".builder-list .builder-item").nth(DILEMMAS - 3)).to_contain_text(
        SWAPPED_IN)
    assert SWAPPED_OUT not in " ".join(titles(page))
    expect(page.get_by_label("Titel van de sessie")).to_have_value(PROGRAMME)
    assert_accessible(page)

    tab_to(page, page.get_by_role("button", name="Sessie klaarzetten"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".live-code")).to_have_text(re.compile(r"^\d{6}$"))
    assert_accessible(page)
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert page.failed_requests == []  # type: ignore[attr-defined]


def test_build_a_session_without_javascript(browser: Browser, live_server: str,
                                            login: Callable[..., None]) -> None:
    context = browser.new_context(base_url=live_server, locale="nl-NL", java_script_enabled=False,
                                  viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        login(page, TRAINER)
        page.goto("/live/sessies/nieuw")
        page.get_by_label("Titel van de sessie").fill("Zonder JavaScript")
        page.get_by_label("Kant-en-klaar programma", exact=True).select_option(
            "startbijeenkomst-nieuwe-raad")
        with page.expect_navigation():
            page.get_by_role("button", name="Programma in mijn sessie zetten").click()
        assert len(titles(page)) == DILEMMAS
        expect(page.get_by_label("Titel van de sessie")).to_have_value("Zonder JavaScript")
        with page.expect_navigation():
            page.get_by_role("button", name=f"Verwijderen: {SWAPPED_OUT}").click()
        page.get_by_label("Zoeken").fill("zetje")
        with page.expect_navigation():
            page.get_by_role("button", name="Filter toepassen").click()
        expect(page.locator(".builder-lib-item:not([hidden])")).to_have_count(1)
        with page.expect_navigation():
            page.get_by_role("button", name=f"Toevoegen: {SWAPPED_IN}").click()
        with page.expect_navigation():
            page.get_by_role("button", name=f"Omhoog: {SWAPPED_IN}").click()
        assert titles(page)[DILEMMAS - 2].endswith(SWAPPED_IN)
        expect(page.get_by_label("Titel van de sessie")).to_have_value("Zonder JavaScript")
        with page.expect_navigation():
            page.get_by_role("button", name="Sessie klaarzetten").click()
        expect(page.locator(".live-code")).to_have_text(re.compile(r"^\d{6}$"))
    finally:
        context.close()
