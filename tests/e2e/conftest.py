"""End-to-end fixtures: a real server with demo data, one Chromium per session, tracked pages.

Every test under tests/e2e/ gets the `e2e` marker. Reuse from any feature:
`live_server` (base URL), `new_page(viewport=(w, h))` (a page whose `console_errors` and
`failed_requests` lists fill up as it runs), `login(page, email)`, `assert_accessible(page)`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Response, sync_playwright

from tests import servers
from tests.e2e import helpers

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as e2e."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Report how many pages the crawler visited (and checked with axe)."""
    if helpers.CRAWL_COUNTS:
        terminalreporter.section("e2e crawl")
        for who, count in helpers.CRAWL_COUNTS.items():
            terminalreporter.write_line(f"{count:4d} pages  {who}")
        terminalreporter.write_line(f"{sum(helpers.CRAWL_COUNTS.values()):4d} pages  in total")


def server_env(instance: Path) -> dict[str, str]:
    """The environment of a test server: embedded defaults in its own instance folder."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "LEARNPLATFORM_ENV"}}
    env.update(LEARNPLATFORM_INSTANCE=str(instance), RATELIMIT_ENABLED="0",
               PYTHONUNBUFFERED="1")
    return env


def prepare_instance(instance: Path) -> None:
    """Run the migrations and `flask demo` in an instance folder."""
    flask = [sys.executable, "-m", "flask", "--app", "learnplatform"]
    for args in (["db", "upgrade"], ["demo"]):
        subprocess.run([*flask, *args], env=server_env(instance), cwd=servers.PROJECT_ROOT,  # noqa: S603
                       check=True, capture_output=True)


def start_server(instance: Path, port: int) -> subprocess.Popen[bytes]:
    """Serve an instance on a port (as `make run` does) and wait until it answers."""
    return servers.serve(port, server_env(instance), instance / "server.log")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run migrations and `flask demo` in a temporary instance, serve it, yield the base URL."""
    instance = tmp_path_factory.mktemp("instance")
    prepare_instance(instance)
    port = servers.free_port()
    proc = start_server(instance, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        servers.stop(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Browser, live_server: str) -> Iterator[Callable[..., Page]]:
    """Factory: new_page(viewport=(w, h)) opens a page in a fresh context (own cookies).

    The page gets two lists that fill up while it runs: `page.console_errors` (console errors and
    uncaught exceptions) and `page.failed_requests` (same-origin requests that failed or got a
    4xx/5xx answer).
    """
    contexts = []
    origin = urlsplit(live_server).netloc

    def factory(viewport: tuple[int, int] = (1280, 900)) -> Page:
        context = browser.new_context(
            base_url=live_server, viewport={"width": viewport[0], "height": viewport[1]},
            locale="nl-NL",
        )
        contexts.append(context)
        page = context.new_page()
        console_errors: list[str] = []
        failed: list[str] = []

        def on_response(response: Response) -> None:
            if response.status >= 400 and urlsplit(response.url).netloc == origin:
                failed.append(f"{response.status} {response.request.method} {response.url}")

        def on_failed(request: Request) -> None:
            # ERR_ABORTED: the browser cancelled it because the page navigated on; not a fault
            if urlsplit(request.url).netloc == origin and request.failure != "net::ERR_ABORTED":
                failed.append(f"failed {request.method} {request.url}: {request.failure}")

        page.on("console", lambda msg: msg.type == "error" and console_errors.append(
            f"{page.url}: {msg.text}"))
        page.on("pageerror", lambda exc: console_errors.append(f"{page.url}: {exc}"))
        page.on("response", on_response)
        page.on("requestfailed", on_failed)
        page.console_errors = console_errors  # type: ignore[attr-defined]
        page.failed_requests = failed  # type: ignore[attr-defined]
        return page

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def login() -> Callable[..., None]:
    """login(page, email, password=demo password): log in through the form."""
    return helpers.login


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """assert_accessible(page): no serious/critical axe WCAG 2.1 A/AA violations."""
    return helpers.assert_accessible
