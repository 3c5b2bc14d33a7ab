"""A live dilemma session in a real browser: control, projector and three phones.

The trainer builds a session, runs one dilemma with a reveal and a "Maar wat als…?" round, and
every view passes axe (WCAG 2.1 A/AA, no serious or critical violations).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

TRAINER = "trainer@voorbeeld.nl"


def _vote(phone: Page, index: int) -> None:
    phone.locator(".live-option").nth(index).click()
    expect(phone.locator("[data-live-vote-status]")).to_contain_text("Je stem is ontvangen")
    expect(phone.locator(".live-option").nth(index)).to_have_attribute("aria-pressed", "true")


def test_full_live_session_in_the_browser(
    new_page: Callable[..., Page], login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    control = new_page(viewport=(1000, 900))
    login(control, TRAINER)
    control.goto("/live/dilemmas/nieuw")
    assert_accessible(control)
    control.get_by_role("button", name="Dilemma opslaan").click()
    expect(control.locator(".error-summary")).to_be_visible()
    assert_accessible(control)  # the form with its errors
    control.goto("/live/sessies/nieuw")
    assert_accessible(control)
    control.get_by_label("Titel van de sessie").fill("Raadsavond integriteit")
    control.get_by_label("Standaardtimer (seconden)").fill("300")
    control.locator("button[value^='add:']").first.click()
    expect(control.locator("input[name=item]")).to_have_count(1)
    control.get_by_role("button", name="Sessie klaarzetten").click()
    expect(control.locator(".live-code")).to_have_text(re.compile(r"^\d{6}$"))
    code = control.locator(".live-code").inner_text()
    assert_accessible(control)
    session_url = control.url

    presenter = control.context.new_page()
    presenter_errors: list[str] = []
    presenter.on("pageerror", lambda exc: presenter_errors.append(str(exc)))
    presenter.goto(session_url + "/presentatie")
    control.goto(session_url + "/regie")
    expect(control.locator("[data-live-status]")).to_have_text("Verbonden")
    expect(presenter.locator("[data-live-status]")).to_have_text("Verbonden")

    phones = [new_page(viewport=(360, 740)) for _ in range(3)]
    for phone in phones:
        phone.goto(f"/live/{code}")
        expect(phone.locator("[data-live-status]")).to_have_text("Verbonden")
    expect(presenter.locator("[data-live-participants]").first).to_have_text("3")
    assert_accessible(presenter)

    control.get_by_role("button", name="Start de sessie").click()
    for phone in phones:
        expect(phone.locator(".live-question")).to_be_visible()
    control.get_by_role("button", name="Stemming openen").click()
    for view in [presenter, control, phones[0]]:  # the countdown, on the phones too
        expect(view.locator(".live-timer")).to_have_text(re.compile(r"^Nog \d+ seconden$"))
    for index, phone in enumerate(phones):
        _vote(phone, 0 if index < 2 else 1)
    _vote(phones[2], 2)  # changing a vote is allowed until the vote closes
    expect(presenter.locator("[data-live-votes]").first).to_have_text("3")
    expect(control.locator("[data-live-votes]").first).to_have_text("3")
    assert presenter.locator(".live-results").count() == 0  # no spread before the reveal
    assert phones[0].locator(".live-results").count() == 0
    assert_accessible(phones[0])

    control.get_by_role("button", name="Uitslag tonen").click()
    expect(presenter.locator(".live-results")).to_have_count(1)
    expect(presenter.locator(".live-bar-row").first).to_contain_text("67% (2 stemmen)")
    for phone in phones:
        expect(phone.locator(".live-results")).to_have_count(1)

    control.get_by_role("button", name="Bespreken").click()
    phones[1].get_by_label(re.compile("Jouw argument")).fill("Iedereen kreeg dezelfde fles.")
    phones[1].get_by_role("button", name="Argument versturen").click()
    expect(phones[1].locator("[data-live-argument-status]")).to_contain_text("verstuurd")
    expect(control.locator(".live-moderation")).to_contain_text("Iedereen kreeg dezelfde fles.")
    control.locator(".live-moderation").get_by_role("button", name="Tonen").click()
    expect(presenter.locator(".live-arguments")).to_contain_text("Iedereen kreeg dezelfde fles.")
    expect(phones[0].locator(".live-arguments")).to_contain_text("Iedereen kreeg dezelfde fles.")

    control.get_by_role("button", name="Deze variant spelen").first.click()
    expect(presenter.locator(".live-variation")).to_have_count(1)
    control.get_by_role("button", name="Stemming openen").click()
    for phone in phones:
        _vote(phone, 2)
    control.get_by_role("button", name="Uitslag tonen").click()
    expect(presenter.locator(".live-compare")).to_have_count(1)  # the rounds grouped per option
    expect(presenter.locator(".live-shift")).to_have_count(4)  # with the shift in points
    for phone in phones:
        expect(phone.locator(".live-compare .live-shift")).to_have_count(4)
    assert_accessible(presenter)
    assert_accessible(control)
    assert_accessible(phones[2])

    # a phone that reloads gets the same state back
    phones[0].reload()
    expect(phones[0].locator(".live-compare")).to_have_count(1)
    expect(phones[0].locator(".live-bar-row.is-mine")).to_contain_text("Jouw keuze")

    control.get_by_role("button", name="Afronden").click()
    expect(presenter.locator("h1")).to_contain_text("Samenvatting")
    control.get_by_text("Sessie beëindigen…").click()  # a second step confirms
    control.get_by_role("button", name="Ja, beëindig de sessie").click()
    expect(phones[0].locator("h2").first).to_have_text("Bedankt voor het meedoen")
    assert_accessible(phones[0])
    control.goto(session_url + "/rapport")
    expect(control.locator("h1")).to_contain_text("Rapport")
    assert_accessible(control)
    control.goto("/live/sessies")
    assert_accessible(control)
    for page in [control, presenter, *phones]:
        failed = [f for f in getattr(page, "failed_requests", [])
                  if "favicon.ico" not in f and not f.endswith("/live/dilemmas/nieuw")]
        assert failed == []
        errors = [e for e in getattr(page, "console_errors", [])
                  if "Failed to load resource" not in e]
        assert errors == []
    assert presenter_errors == []
