"""From train-the-trainer to trainer, in the browser: the griffier rehearses a session to its
summary, requests the trainer role, the beheerder approves it, and the griffier runs a real
session. The Train-de-trainer certificate is given beforehand (doing five modules in the browser
is what tests/e2e/test_learning_keyboard.py already covers for one module)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import servers
from tests.e2e.conftest import prepare_instance, server_env, start_server
from tests.e2e.helpers import assert_accessible, login

SEED = """
from learnplatform import create_app
from learnplatform.auth.services import find_user_by_email
from learnplatform.extensions import db
from learnplatform.learning import certificates
from learnplatform.learning.models import CertificateKind
app = create_app()
with app.app_context():
    griffier = find_user_by_email("griffier@voorbeeld.nl")
    certificates.issue(griffier, CertificateKind.TRACK, "train-de-trainer-griffier",
                       "Certificaat Gespreksleider dilemmasessies integriteit", 48)
    db.session.commit()
"""


@pytest.fixture(scope="module")
def trainer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of its own whose demo griffier completed the Train-de-trainer track."""
    instance = tmp_path_factory.mktemp("trainer-path")
    prepare_instance(instance)
    subprocess.run([sys.executable, "-c", SEED], env=server_env(instance),  # noqa: S603
                   cwd=servers.PROJECT_ROOT, check=True, capture_output=True)
    port = servers.free_port()
    proc = start_server(instance, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        servers.stop(proc)


@pytest.fixture
def open_page(browser: Browser, trainer_server: str) -> Iterator[Callable[[], Page]]:
    """Factory: a page with its own cookies on the trainer-path server."""
    contexts = []

    def factory() -> Page:
        context = browser.new_context(base_url=trainer_server, locale="nl-NL",
                                      viewport={"width": 1280, "height": 800})
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


def _command(page: Page, name: str) -> None:
    button = page.locator(f'.live-commands button[data-command="{name}"]')
    expect(button).to_be_visible(timeout=15_000)
    button.click()


def _build_session(page: Page, title: str, rehearsal_expected: bool) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Dilemmasessies").click()
    page.get_by_role("link", name="Nieuwe sessie").click()
    page.get_by_label("Titel van de sessie").fill(title)
    assert (page.get_by_label("Oefensessie: gesimuleerde deelnemers stemmen mee").count() == 0) \
        == rehearsal_expected  # a griffier without the trainer role only rehearses
    page.locator("button[value^='add:']").first.click()  # the first dilemma of the library
    expect(page.locator("input[name=item]")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_role("button", name="Sessie klaarzetten").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Regie openen").click()


def test_from_rehearsal_to_approved_trainer_running_a_real_session(
    open_page: Callable[[], Page], tmp_path: Path
) -> None:
    griffier = open_page()
    login(griffier, "griffier@voorbeeld.nl")

    # 1. rehearse: a session with simulated participants, one vote revealed, then the summary
    _build_session(griffier, "Oefenen voor de raad", rehearsal_expected=True)
    expect(griffier.get_by_text("gesimuleerde deelnemers stemmen mee")).to_be_visible()
    _command(griffier, "start")
    _command(griffier, "open_vote")
    _command(griffier, "close_vote")
    _command(griffier, "reveal")
    _command(griffier, "finish")
    expect(griffier.locator('.live-control-view[data-phase="summary"]')).to_be_attached(
        timeout=15_000)

    # 2. request the trainer role
    griffier.goto("/griffie/trainer")
    expect(griffier.get_by_text("gedaan")).to_have_count(2)
    assert_accessible(griffier)
    with griffier.expect_navigation():
        griffier.get_by_role("button", name="Vraag de trainersrol aan").click()
    expect(griffier.get_by_text("Je aanvraag is verstuurd.")).to_be_visible()

    # 3. the beheerder sees the request on the dashboard and approves it
    beheerder = open_page()
    login(beheerder, "beheerder@voorbeeld.nl")
    beheerder.goto("/mijn")
    expect(beheerder.get_by_text("1 aanvraag wacht op je besluit.")).to_be_visible()
    beheerder.get_by_role("link", name="Bekijk de aanvragen").click()
    assert_accessible(beheerder)
    with beheerder.expect_navigation():
        beheerder.get_by_role("button", name="Goedkeuren").click()
    expect(beheerder.get_by_text("goedgekeurd", exact=True)).to_be_visible()

    # 4. the griffier, now a trainer, runs a real session for their own council
    griffier.goto("/mijn")
    expect(griffier.get_by_text("je bent nu trainer")).to_be_visible()
    _build_session(griffier, "Raadsavond integriteit", rehearsal_expected=False)
    expect(griffier.get_by_text("gesimuleerde deelnemers")).to_have_count(0)
    _command(griffier, "start")
    _command(griffier, "open_vote")
    expect(griffier.locator('.live-control-view[data-phase="voting"]')).to_be_attached(
        timeout=15_000)
    assert_accessible(griffier)
