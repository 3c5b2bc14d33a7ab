"""A server restart in the middle of a vote, seen from the browsers: the phone and the control view
reconnect by themselves and get the same state back, the acknowledged vote included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e import helpers
from tests.e2e.conftest import prepare_instance, start_server
from tests.servers import free_port, stop

TRAINER = "trainer@voorbeeld.nl"


@pytest.fixture
def own_server(tmp_path: Path) -> tuple[Path, int]:
    """A server of its own (this test stops and starts it), with demo data."""
    prepare_instance(tmp_path)
    return tmp_path, free_port()


def _context(browser: Browser, port: int, width: int, height: int) -> BrowserContext:
    return browser.new_context(base_url=f"http://127.0.0.1:{port}", locale="nl-NL",
                               viewport={"width": width, "height": height})


def _connected(page: Page) -> None:
    expect(page.locator("[data-live-status]")).to_have_text("Verbonden", timeout=20_000)


def _ready_session(control: Page, title: str) -> str:
    """Log the trainer in, set up a one-dilemma session, open its control view; the code."""
    helpers.login(control, TRAINER)
    control.goto("/live/sessies/nieuw")
    control.get_by_label("Titel van de sessie").fill(title)
    control.locator("button[value^='add:']").first.click()
    expect(control.locator("input[name=item]")).to_have_count(1)
    control.get_by_role("button", name="Sessie klaarzetten").click()
    code = control.locator(".live-code").inner_text()
    control.goto(control.url + "/regie")
    _connected(control)
    return code


def test_phone_and_control_get_their_state_back_after_a_server_restart(
    browser: Browser, own_server: tuple[Path, int],
) -> None:
    instance, port = own_server
    server = start_server(instance, port)
    try:
        control_context = _context(browser, port, 1000, 900)
        phone_context = _context(browser, port, 360, 740)
        control = control_context.new_page()
        code = _ready_session(control, "Herstart")
        phone = phone_context.new_page()
        phone.goto(f"/live/{code}")
        _connected(phone)
        control.get_by_role("button", name="Start de sessie").click()
        control.get_by_role("button", name="Stemming openen").click()
        phone.locator(".live-option").nth(1).click()
        expect(phone.locator("[data-live-vote-status]")).to_contain_text("Je stem is ontvangen")

        stop(server)
        expect(phone.locator("[data-live-status]")).not_to_have_text("Verbonden")
        server = start_server(instance, port)

        _connected(phone)
        _connected(control)
        expect(phone.locator(".live-option").nth(1)).to_have_attribute("aria-pressed", "true")
        expect(control.locator("[data-live-votes]").first).to_have_text("1")
        phone.locator(".live-option").nth(0).click()  # voting goes on where it was
        expect(phone.locator("[data-live-vote-status]")).to_contain_text("Je stem is ontvangen")
        control.get_by_role("button", name="Uitslag tonen").click()
        first_row = phone.locator(".live-bar-row").first
        expect(first_row).to_contain_text("(1 stem)")
        expect(phone.locator(".live-results")).to_contain_text(re.compile(r"100\s*%"))
        control_context.close()
        phone_context.close()
    finally:
        stop(server)


def test_a_phone_sent_home_reconnects_names_its_home_and_keeps_its_vote(
    browser: Browser, own_server: tuple[Path, int],
) -> None:
    """Homecoming from the browser's side (static/js/live/connection.js): the phone learns its
    process from the join, and on `go_home` it reconnects, joins again naming that home, and its
    acknowledged vote is still there."""
    import secrets

    import redis
    import socketio

    from tests.conftest import services_unavailable
    from tests.e2e.conftest import server_env
    from tests.servers import serve

    redis_url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        services_unavailable("Redis on 127.0.0.1:6379")
    instance, port = own_server
    channel = f"lp-e2e-homecoming-{secrets.token_hex(4)}"
    env = {**server_env(instance), "REDIS_URL": redis_url, "SOCKETIO_CHANNEL": channel,
           "LIVE_PROCESS_NAME": "8001"}
    server = serve(port, env, instance / "server.log")
    try:
        control_context = _context(browser, port, 1000, 900)
        phone_context = _context(browser, port, 360, 640)
        control = control_context.new_page()
        code = _ready_session(control, "Thuiskomen")
        phone = phone_context.new_page()
        sent: list[str] = []
        phone.on("websocket", lambda ws: ws.on(
            "framesent", lambda frame: sent.append(str(frame))))
        phone.goto(f"/live/{code}")
        _connected(phone)
        control.get_by_role("button", name="Start de sessie").click()
        control.get_by_role("button", name="Stemming openen").click()
        phone.locator(".live-option").nth(1).click()
        expect(phone.locator("[data-live-vote-status]")).to_contain_text("Je stem is ontvangen")
        assert not any('"home"' in frame for frame in sent)  # at home: the first join

        phone.evaluate("""() => {
            const status = document.querySelector("[data-live-status]");
            window.shownStatuses = [];
            new MutationObserver(() => window.shownStatuses.push(status.textContent))
                .observe(status, {childList: true, characterData: true, subtree: true});
        }""")
        emitter = socketio.RedisManager(redis_url, channel=channel, write_only=True)
        emitter.emit("go_home", {}, namespace="/live")  # as a process does for away phones

        for _ in range(100):  # the reconnect's frames arrive within a few seconds
            if any('"home":"8001"' in frame for frame in sent):
                break
            phone.wait_for_timeout(100)
        assert any('"home":"8001"' in frame and '"join"' in frame for frame in sent), sent
        _connected(phone)
        # a deliberate move is no lost connection: the phone never says it was cut off
        offline = phone.locator("[data-live-status]").get_attribute("data-offline")
        shown = phone.evaluate("() => window.shownStatuses")
        assert offline, "the status names its offline text"
        assert offline not in shown, shown
        expect(phone.locator(".live-option").nth(1)).to_have_attribute("aria-pressed", "true")
        expect(control.locator("[data-live-votes]").first).to_have_text("1")
        control_context.close()
        phone_context.close()
    finally:
        stop(server)
