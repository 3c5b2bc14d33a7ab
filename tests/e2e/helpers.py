"""Browser helpers shared by every feature's end-to-end tests."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

DEMO_PASSWORD = "oefenen-is-leren"  # the published demo password of `flask demo`
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
_AXE = Axe()
# pages visited per crawl run, printed in the terminal summary by tests/e2e/conftest.py
CRAWL_COUNTS: dict[str, int] = {}


def login(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real form and wait for the start page."""
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    submit_and_wait(page)
    assert "/inloggen" not in page.url, f"login failed for {email}"


def submit_and_wait(page: Page, selector: str = "main form button[type=submit]") -> None:
    """Click a submit button and wait until the next page has loaded."""
    with page.expect_navigation():
        page.locator(selector).first.click()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious or critical WCAG 2.1 A/AA violations on the current page."""
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                      "resultTypes": ["violations"]})
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    """One line per violation: rule id, impact and the offending elements."""
    lines = []
    for v in violations:
        targets = ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:5])
        lines.append(f"{url}: {v['id']} ({v['impact']}) {v.get('help', '')} -> {targets}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail on any serious or critical axe violation (WCAG 2.1 A/AA) on the current page."""
    violations = axe_violations(page)
    assert not violations, format_violations(page.url, violations)
