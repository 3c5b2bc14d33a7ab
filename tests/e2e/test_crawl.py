"""Crawl the site as a visitor and as each demo role: pages load, are accessible, log no errors.

Links are followed breadth-first within the site (logout skipped, at most MAX_PAGES per role).
Downloads (CSV, PDF, JSON, ...) are fetched but not rendered: they must answer 200.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.e2e.helpers import CRAWL_COUNTS, axe_violations, format_violations, login

MAX_PAGES = 200
SKIP_PATHS = ("/uitloggen",)
ROLES = [None, "raadslid@voorbeeld.nl", "trainer@voorbeeld.nl", "griffier@voorbeeld.nl",
         "beheerder@voorbeeld.nl"]


def _links(page: Page, origin: str) -> list[tuple[str, bool]]:
    found = page.eval_on_selector_all(
        "a[href]", "els => els.map(e => [e.href, e.hasAttribute('download')])")
    links = []
    for href, is_download in found:
        url = urldefrag(href)[0]
        parts = urlsplit(url)
        same_site = parts.scheme in {"http", "https"} and parts.netloc == origin
        if same_site and not parts.path.startswith(SKIP_PATHS):
            links.append((url, bool(is_download)))
    return links


def _is_html(content_type: str) -> bool:
    return content_type.split(";")[0].strip() in {"text/html", "application/xhtml+xml"}


# Phone width too for the anonymous pages, council members (who often learn on a phone), the
# administrator's tables and the trainer (whose control view doubles as a remote on a phone).
CASES = [(email, 1280) for email in ROLES] + [
    (None, 390), ("raadslid@voorbeeld.nl", 390), ("beheerder@voorbeeld.nl", 390),
    ("trainer@voorbeeld.nl", 390)]


@pytest.mark.parametrize(
    ("email", "width"), CASES,
    ids=[f"{(e or 'anonymous').split('@')[0]}-{w}px" for e, w in CASES],
)
def test_crawl_every_page(
    email: str | None, width: int, live_server: str, new_page: Callable[..., Page]
) -> None:
    page = new_page(viewport=(width, 800))
    if email:
        login(page, email)
    origin = urlsplit(live_server).netloc
    queue: deque[tuple[str, bool]] = deque([(f"{live_server}/", False)])
    seen = {f"{live_server}/"}
    problems: list[str] = []
    pages = 0
    while queue and pages < MAX_PAGES:
        url, is_download = queue.popleft()
        pages += 1
        if is_download:
            response = page.request.get(url)
            if response.status != 200:
                problems.append(f"{url}: download answered {response.status}")
            continue
        try:
            nav = page.goto(url)
        except PlaywrightError as exc:
            if "Download is starting" not in str(exc):
                raise
            response = page.request.get(url)
            if response.status != 200:
                problems.append(f"{url}: download answered {response.status}")
            continue
        assert nav is not None, url
        if nav.status != 200:
            problems.append(f"{url}: status {nav.status}")
            continue
        if not _is_html(nav.headers.get("content-type", "")):
            continue
        if violations := axe_violations(page):
            problems.append(format_violations(url, violations))
        for link in _links(page, origin):
            if link[0] not in seen:
                seen.add(link[0])
                queue.append(link)
    CRAWL_COUNTS[f"{email or 'anonymous'} at {width}px"] = pages
    problems += page.console_errors  # type: ignore[attr-defined]
    problems += page.failed_requests  # type: ignore[attr-defined]
    assert not problems, "\n".join(problems)
    assert pages > 1


@pytest.mark.parametrize("email", [None, "beheerder@voorbeeld.nl"],
                         ids=["anonymous", "beheerder"])
def test_no_horizontal_scroll_at_320px(
    email: str | None, new_page: Callable[..., Page]
) -> None:
    page = new_page(viewport=(320, 640))
    paths = ["/"]
    if email:
        login(page, email)
        paths += ["/account/", "/beheer/gebruikers", "/beheer/gebruikers/1"]
    for path in paths:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_keyboard_user_reaches_main_content_with_skip_link(new_page: Callable[..., Page]) -> None:
    page = new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
