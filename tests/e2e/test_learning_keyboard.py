"""Complete a module on a 390 px wide phone screen with the keyboard only, axe on every page.

The live server serves the content under CONTENT_ROOT (the repository by default); this test
reads the same files to pick the shortest module for the demo raadslid (a gemeente) and to know
the right answers. Radio groups are operated as a keyboard user does: Tab into the group, arrow
keys to move, Space to select.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from learnplatform.content.loader import load_content
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.schema import (
    Audience,
    DilemmaBlock,
    Lesson,
    Module,
    QuestionBlock,
    ReflectionBlock,
    SelfScanBlock,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EMAIL = "raadslid@voorbeeld.nl"
PASSWORD = "oefenen-is-leren"  # the published demo password of `flask demo`
MAX_TABS = 400
GEMEENTE = frozenset({Audience.GEMEENTE})  # the demo raadslid's audience


def _content() -> ContentRegistry:
    return load_content(Path(os.environ.get("CONTENT_ROOT", str(PROJECT_ROOT))))


def _shortest_module(content: ContentRegistry) -> Module:
    fitting = [
        m for m in content.modules.values()
        if Audience.GEMEENTE in m.audience
        and all(b.scenario_for(GEMEENTE) in content.scenarios
                for _l, b in m.blocks() if isinstance(b, DilemmaBlock))
    ]
    if not fitting:
        pytest.skip("no module for a gemeente in the content")
    # as the demo raadslid sees it: dilemma blocks show their gemeente variant
    return min(fitting, key=lambda m: (len(m.blocks()), m.id)).for_audiences(
        frozenset({Audience.GEMEENTE}))


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def _checked_radio_index(page: Page, name_selector: str) -> int:
    return int(page.evaluate(
        "s => [...document.querySelectorAll(s)].findIndex(e => e === document.activeElement)",
        name_selector,
    ))


def choose_radio(page: Page, group: str, value: str) -> None:
    """Tab into a radio group, move with the arrow keys to `value` and select it."""
    radios = f'{group} input[type=radio]'
    tab_to(page, radios)
    values = page.eval_on_selector_all(radios, "els => els.map(e => e.value)")
    steps = values.index(value) - _checked_radio_index(page, radios)
    key = "ArrowDown" if steps >= 0 else "ArrowUp"
    for _ in range(abs(steps)):
        page.keyboard.press(key)
    page.keyboard.press("Space")
    expect(page.locator(f'{radios}[value="{value}"]')).to_be_checked()


def submit(page: Page, section: str) -> None:
    """Tab to the block's submit button, press Enter and wait for the feedback to get focus."""
    tab_to(page, f"{section} button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(f"{section} .feedback")).to_be_focused()


def answer_lesson(page: Page, lesson: Lesson, content: ContentRegistry) -> None:
    """Answer every interactive block of the lesson on the current page."""
    for block in lesson.blocks:
        section = f"#blok-{block.id}"
        if isinstance(block, QuestionBlock):
            right = [o for o in block.options if o.correct]
            if block.multiple:
                for option in right:
                    tab_to(page, f'{section} input[value="{option.id}"]')
                    page.keyboard.press("Space")
            else:
                choose_radio(page, section, right[0].id)
            submit(page, section)
            expect(page.locator(f"{section} .feedback-ok")).to_be_visible()
        elif isinstance(block, ReflectionBlock):
            tab_to(page, f"{section} textarea")
            page.keyboard.type("Ik bespreek twijfel eerst met de griffier.")
            submit(page, section)
        elif isinstance(block, SelfScanBlock):
            for statement in block.statements:
                tab_to(page, f'{section} input[name="score-{statement.id}"]')
                page.keyboard.press("Space")
            submit(page, section)
        elif isinstance(block, DilemmaBlock):
            scenario = content.scenarios[block.scenario_for(GEMEENTE)]
            choose_radio(page, section, scenario.options[0].id)
            submit(page, section)


def keyboard_login(page: Page) -> None:
    """Log in with the keyboard only."""
    page.goto("/inloggen")
    tab_to(page, "#email")
    page.keyboard.type(EMAIL)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/inloggen" not in page.url


def follow(page: Page, selector: str, assert_accessible: Callable[[Page], None]) -> None:
    """Tab to a link, press Enter, wait for the next page and check it with axe."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)


def test_complete_a_module_with_the_keyboard_on_a_phone(
    new_page: Callable[..., Page], assert_accessible: Callable[[Page], None]
) -> None:
    content = _content()
    module = _shortest_module(content)
    page = new_page(viewport=(390, 844))
    keyboard_login(page)
    assert_accessible(page)
    follow(page, 'main a[href="/mijn"]', assert_accessible)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn leeromgeving")
    follow(page, 'main a[href="/leren"]', assert_accessible)
    follow(page, f'a[href="/leren/{module.id}"]', assert_accessible)
    follow(page, ".module-status a.button", assert_accessible)
    for lesson in module.lessons:
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
        answer_lesson(page, lesson, content)
        assert_accessible(page)  # with all feedback shown
        # "Volgende les", or on the last lesson "Terug naar de module" (never "Vorige les")
        follow(page, ".lesson-nav a.button:not([rel=prev])", assert_accessible)
    expect(page.get_by_text("Je hebt deze module afgerond op")).to_be_visible()
    follow(page, '.module-status a[href="/mijn"]', assert_accessible)
    expect(page.get_by_role("cell", name=module.title).first).to_be_visible()
    follow(page, 'td a[href^="/certificaat/"]', assert_accessible)
    expect(page.get_by_text("Dit certificaat is geldig.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    # Load failures are in failed_requests; the browser's own favicon probe is not ours.
    script_errors = [e for e in page.console_errors  # type: ignore[attr-defined]
                     if "Failed to load resource" not in e]
    assert not script_errors, script_errors
    assert not page.failed_requests, page.failed_requests  # type: ignore[attr-defined]
