"""The live session as the room sees it: the projector fits every screen in every phase, phones
show the vote at once, and one trainer steers a whole dilemma from the projector window.

One session is driven through all phases; per phase the same projector page is resized to each
of the five screen sizes (no browser per size). Screenshots of every phase at 1280x720 and of the
phone at 360x640 are saved under the test's tmp folder (`shots/`); the fit table is written there
as `fit-table.md` and printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.helpers import axe_violations, format_violations

TRAINER = "trainer@voorbeeld.nl"
SIZES = [(1280, 720), (1366, 768), (1280, 800), (1920, 1080), (3840, 2160)]
LONGEST = "kandidaat-wethouder-met-failliet-bedrijf"  # the longest situation and options
SECOND = "cadeau-van-de-projectontwikkelaar"
ARGUMENTS = [
    "Een kandidaat die zelf open is over het faillissement verdient een eerlijke kans.",
    "De raad moet weten of er nog schuldeisers zijn; dat raakt de onafhankelijkheid.",
    "Screening is er juist om dit soort vragen vooraf te stellen, niet achteraf.",
    "Als het faillissement door de crisis kwam, zegt het weinig over integriteit.",
    "Ik wil eerst het advies van de vertrouwenscommissie lezen voor ik iets vind.",
    "Transparantie naar inwoners weegt zwaarder dan de privacy van de kandidaat.",
    "Een wethouder met schulden is kwetsbaar voor druk van buiten; dat is het risico.",
]

# What each projector element is: the live region that must be on screen when present.
LIVE_REGION = ("[data-live-count], [data-live-timer], [data-live-options] > li, [data-join-strip],"
               " .live-arguments li, .live-results, .live-qr-big, .live-question")
MEASURE = """(selector) => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const doc = document.documentElement;
  const stage = document.querySelector('.live-stage');
  const out = {scroll: doc.scrollHeight, width: doc.scrollWidth, vw, vh, outside: [],
               stage: stage ? stage.scrollHeight - stage.clientHeight : 0,
               font: stage ? parseFloat(getComputedStyle(stage).fontSize) : 0, seen: []};
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('[hidden]') || el.getClientRects().length === 0) continue;
    const r = el.getBoundingClientRect();
    out.seen.push(el.matches('[data-live-options] > li') ? 'option'
      : el.matches('.live-arguments li') ? 'argument' : el.className);
    if (r.top < -0.5 || r.left < -0.5 || r.bottom > vh + 0.5 || r.right > vw + 0.5) {
      out.outside.push(`${el.className} ${Math.round(r.top)}..${Math.round(r.bottom)}`);
    }
  }
  return out;
}"""
FITTED = """() => {
  const screen = document.querySelector('.live-screen');
  const view = document.getElementById('live-view');
  return screen && view.dataset.fitted === `${innerWidth}x${innerHeight}:${screen.dataset.version}`;
}"""


class Room:
    """The projector, the control page (moderation only) and the phones of one session."""

    def __init__(self, projector: Page, control: Page, phones: list[Page], shots: Path) -> None:
        self.projector, self.control, self.phones, self.shots = projector, control, phones, shots
        self.table: dict[str, dict[str, str]] = {}
        self.problems: list[str] = []

    def key(self, key: str, phase: str) -> None:
        """Press a key in the projector window and wait for the phase it leads to."""
        self.projector.keyboard.press(key)
        expect(self.projector.locator(".live-screen")).to_have_attribute("data-phase", phase)

    def check(self, name: str, expected: tuple[str, ...] = ()) -> None:
        """Fit, live region, axe at every size; screenshots at 1280x720 and of a phone."""
        page = self.projector
        row: dict[str, str] = {}
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_function(FITTED)
            m: dict[str, Any] = page.evaluate(MEASURE, LIVE_REGION)
            fault = []
            if m["scroll"] > m["vh"] or m["width"] > m["vw"]:
                fault.append(f"scrolls {m['scroll']}>{m['vh']}")
            if m["stage"] > 1:
                fault.append(f"clipped {m['stage']}px")
            fault += [f"outside {o}" for o in m["outside"]]
            missing = [e for e in expected if e not in " ".join(m["seen"])]
            fault += [f"missing {e}" for e in missing]
            if (width, height) == (1280, 720) and m["font"] < 28:
                fault.append(f"body {m['font']:.1f}px < 28px")
            violations = axe_violations(page)
            if violations:
                fault.append(format_violations(f"{name} {width}x{height}", violations))
            row[f"{width}x{height}"] = "fits" if not fault else "; ".join(fault)
            if fault:
                self.problems.append(f"{name} at {width}x{height}: {'; '.join(fault)}")
            if (width, height) == (1280, 720):
                # as the room sees it a few seconds later: the controls have faded out
                page.evaluate("document.body.classList.add('is-idle')")
                page.screenshot(path=self.shots / f"projector-{name}.png")
        self.table[name] = row
        self.phones[0].screenshot(path=self.shots / f"phone-{name}.png")
        self.control.screenshot(path=self.shots / f"control-{name}.png")
        for other in (self.phones[0], self.control):  # the phone and the remote, in this phase
            violations = axe_violations(other)
            if violations:
                self.problems.append(format_violations(f"{name} {other.url}", violations))
        page.set_viewport_size({"width": 1280, "height": 720})

    def open_vote(self, key: str = "ArrowRight") -> None:
        """From the situation: page on to the question when it has its own page, open the vote."""
        indicator = self.projector.locator("[data-page-indicator]")
        if indicator.count() and indicator.inner_text().startswith("deel 1"):
            self.projector.keyboard.press(key)
            expect(indicator).to_have_text(re.compile("^deel 2"))
        self.key(key, "voting")

    def vote_all(self, index: int) -> None:
        """Every phone votes for the option at `index` (the last phone for the next one)."""
        for n, phone in enumerate(self.phones):
            option = phone.locator(".live-option").nth(index if n else (index + 1) % 4)
            option.click()
            expect(option).to_have_attribute("aria-pressed", "true")

    def markdown_table(self) -> str:
        """The phase x size table of the fit test."""
        sizes = [f"{w}x{h}" for w, h in SIZES]
        lines = ["| phase | " + " | ".join(sizes) + " |", "|---" * (len(sizes) + 1) + "|"]
        for phase, row in self.table.items():
            cells = ["fits" if row[s] == "fits" else "NO: " + row[s][:80] for s in sizes]
            lines.append(f"| {phase} | " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _build_session(control: Page, scenarios: list[str], timer: str = "300") -> tuple[str, str]:
    control.goto("/live/sessies/nieuw")
    control.get_by_label("Titel van de sessie").fill("Raadsavond integriteit")
    control.get_by_label("Standaardtimer (seconden)").fill(timer)
    for n, scenario in enumerate(scenarios):  # "Toevoegen" appends: the list keeps this order
        control.locator(f"button[value='add:{scenario}']").click()
        expect(control.locator("input[name=item]")).to_have_count(n + 1)
    control.get_by_role("button", name="Sessie klaarzetten").click()
    expect(control.locator(".live-code").first).to_have_text(re.compile(r"^\d{6}$"))
    return control.locator(".live-code").first.inner_text(), control.url


def _join(phone: Page, code: str) -> None:
    phone.goto("/")
    phone.get_by_label("Sessiecode").fill(f"{code[:3]} {code[3:]}")  # typed with a space
    phone.get_by_role("button", name="Deelnemen").click()
    expect(phone.locator("[data-live-status]")).to_have_text("Verbonden")


def test_projector_fits_every_screen_in_every_phase(
    new_page: Callable[..., Page], login: Callable[..., None], tmp_path: Path,
) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    control = new_page(viewport=(1280, 800))
    login(control, TRAINER)
    code, session_url = _build_session(control, [LONGEST, SECOND])
    projector = control.context.new_page()
    projector.emulate_media(reduced_motion="reduce")  # the controls fade out without animation
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(session_url + "/presentatie")
    control.goto(session_url + "/regie")
    expect(projector.locator("[data-live-status]")).to_have_text("Verbonden")
    phones = [new_page(viewport=(360, 640)) for _ in range(3)]
    for phone in phones:
        _join(phone, code)
    room = Room(projector, control, phones, shots)
    expect(projector.locator("[data-live-participants]").first).to_have_text("3")
    room.check("lobby", ("live-qr-big", "live-joined"))

    room.key("ArrowRight", "situation")
    room.check("situation")
    room.open_vote()  # pages through the story, then opens the vote
    expect(projector.locator(".live-timer")).to_have_text(re.compile(r"^Nog \d+ seconden$"))
    room.vote_all(1)
    expect(projector.locator("[data-live-votes]")).to_have_text("3")
    room.check("voting", ("option", "live-count", "live-timer"))
    room.key("ArrowRight", "closed")
    room.check("closed", ("option", "live-count"))
    room.key("r", "revealed")
    room.check("revealed", ("live-results",))
    room.key("ArrowRight", "discussion")
    for n, text in enumerate(ARGUMENTS):
        phone = phones[n % len(phones)]
        phone.get_by_label(re.compile("Jouw argument")).fill(text)
        phone.get_by_role("button", name="Argument versturen").click()
        expect(phone.locator("[data-live-argument-status]")).to_contain_text("verstuurd")
    moderation = control.locator(".live-moderation")
    for text in ARGUMENTS:
        moderation.locator("li", has_text=text).get_by_role("button", name="Tonen").click()
        expect(projector.locator(".live-arguments")).to_contain_text(text)
    room.check("discussion", ("live-results", "argument"))

    room.key("v", "situation")
    expect(projector.locator(".live-variation")).to_have_count(1)
    room.check("variation")
    room.open_vote("PageDown")
    room.vote_all(2)
    room.check("variation-voting", ("option", "live-count", "live-timer"))
    room.key("r", "revealed")
    expect(projector.locator(".live-shift")).to_have_count(4)
    room.check("round-comparison", ("live-results",))
    room.key("ArrowRight", "discussion")
    room.check("comparison-discussion", ("live-results", "argument"))

    room.key("ArrowRight", "situation")  # the second dilemma
    room.open_vote()
    room.vote_all(0)
    room.key("r", "revealed")
    room.key("ArrowRight", "discussion")
    room.key("ArrowRight", "summary")
    room.check("summary", ("live-results",))
    expect(projector.locator("[data-page-indicator]")).to_have_text("dilemma 1 van 2")
    projector.keyboard.press("ArrowRight")
    expect(projector.locator("[data-page-indicator]")).to_have_text("dilemma 2 van 2")
    room.check("summary-page-2", ("live-results",))

    control.reload()
    expect(control.locator("[data-live-status]")).to_have_text("Verbonden")
    control.get_by_text("Sessie beëindigen…").click()
    control.get_by_role("button", name="Ja, beëindig de sessie").click()
    expect(projector.locator(".live-screen")).to_have_attribute("data-phase", "ended")
    room.check("ended", ("live-results",))

    report = room.markdown_table()
    (tmp_path / "fit-table.md").write_text(report + "\n\n" + "\n".join(room.problems))
    print(f"\nscreenshots: {shots}\n{report}")  # noqa: T201 - the table is the test's artefact
    assert room.problems == []
    for page in [control, projector, *phones]:
        assert [e for e in getattr(page, "console_errors", [])
                if "Failed to load resource" not in e] == []


def test_phone_shows_the_vote_at_once_and_marks_its_own_choice(
    new_page: Callable[..., Page], login: Callable[..., None], tmp_path: Path,
) -> None:
    control = new_page(viewport=(360, 640))  # the control page as a phone remote
    login(control, TRAINER)
    code, session_url = _build_session(control, [LONGEST], timer="120")
    phone = new_page(viewport=(360, 640))
    phone.goto("/")
    phone.get_by_label("Sessiecode").fill("999 999")
    phone.get_by_role("button", name="Deelnemen").click()
    code_field = phone.get_by_label("Sessiecode")
    expect(code_field).to_be_focused()  # the error is where the eye is
    expect(phone.locator("#code-error")).to_be_in_viewport()
    _join(phone, code)
    control.goto(session_url + "/regie")
    expect(control.locator("[data-live-status]")).to_have_text("Verbonden")
    control.get_by_role("button", name="Start de sessie").click()
    expect(phone.locator(".live-situation")).to_be_visible()

    control.get_by_role("button", name="Stemming openen").click()
    options = phone.locator(".live-option")
    expect(options.first).to_be_in_viewport(ratio=1, timeout=1000)
    expect(options.last).to_be_in_viewport(ratio=1, timeout=1000)
    expect(phone.locator("#vote-question")).to_be_focused(timeout=1000)
    expect(phone.locator("[data-live-announce]")).to_contain_text("Het stemmen is geopend")
    expect(phone.locator(".live-timer")).to_have_text(re.compile(r"^Nog \d+ seconden$"))
    expect(phone.locator(".live-situation")).not_to_be_visible()  # folded away, one tap to read
    phone.screenshot(path=tmp_path / "phone-vote-opened.png")
    control.screenshot(path=tmp_path / "control-voting-360.png", full_page=True)
    phone.get_by_text("Lees de situatie").click()
    expect(phone.locator(".live-situation")).to_be_visible()
    options.last.click()
    expect(options.last).to_have_attribute("aria-pressed", "true")
    phone.screenshot(path=tmp_path / "phone-voted.png")
    helpers_check = axe_violations(phone)
    assert not helpers_check, format_violations(phone.url, helpers_check)

    control.get_by_role("button", name="Uitslag tonen").click()
    mine = phone.locator(".live-bar-row.is-mine")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Jouw keuze")
    expect(mine).to_contain_text("100%")
    phone.reload()  # a rejoin keeps the own choice
    expect(phone.locator(".live-bar-row.is-mine")).to_contain_text("Jouw keuze")
    phone.screenshot(path=tmp_path / "phone-revealed.png")
    assert control.evaluate("document.documentElement.scrollWidth") <= 360


def test_keyboard_steers_a_whole_dilemma_from_the_projector_window(
    new_page: Callable[..., Page], login: Callable[..., None], tmp_path: Path,
) -> None:
    trainer = new_page(viewport=(1280, 720))
    login(trainer, TRAINER)
    code, session_url = _build_session(trainer, [SECOND], timer="")
    phone = new_page(viewport=(360, 640))
    _join(phone, code)
    projector = trainer  # one laptop, one window: the projector page only
    projector.goto(session_url + "/presentatie")
    expect(projector.locator("[data-live-status]")).to_have_text("Verbonden")
    room = Room(projector, projector, [phone], Path())

    room.key("ArrowRight", "situation")
    room.open_vote(" ")
    phone.locator(".live-option").nth(0).click()
    expect(projector.locator("[data-live-votes]")).to_have_text("1")
    projector.keyboard.press("t")  # a timer for the open vote
    expect(projector.locator(".live-timer")).to_have_text(re.compile(r"^Nog \d+ seconden$"))
    room.key("PageDown", "closed")
    room.key("ArrowRight", "revealed")
    expect(projector.locator(".live-bar-value").first).to_contain_text("100%")
    room.key("ArrowRight", "discussion")
    phone.get_by_label(re.compile("Jouw argument")).fill("Een fles wijn is geen omkoping.")
    phone.get_by_role("button", name="Argument versturen").click()
    expect(projector.locator("[data-pending-count]")).to_have_text("1")
    projector.keyboard.press("a")  # moderate from this window: nothing appears unasked
    moderation = projector.locator("[data-overlay=moderate]")
    expect(moderation).to_contain_text("Een fles wijn is geen omkoping.")
    projector.screenshot(path=tmp_path / "projector-moderate.png")
    expect(projector.locator(".live-arguments")).to_have_count(0)
    moderation.get_by_role("button", name="Tonen").click()
    projector.keyboard.press("Escape")
    expect(projector.locator(".live-arguments")).to_contain_text("Een fles wijn is geen omkoping.")
    expect(phone.locator(".live-arguments")).to_contain_text("Een fles wijn is geen omkoping.")
    room.key("v", "situation")  # Maar wat als…?
    expect(projector.locator(".live-variation")).to_be_visible()
    room.open_vote()
    phone.locator(".live-option").nth(2).click()
    expect(projector.locator("[data-live-votes]")).to_have_text("1")
    room.key("r", "revealed")
    expect(projector.locator(".live-shift").first).to_contain_text("-100 pt")
    room.key("ArrowRight", "discussion")
    room.key("ArrowRight", "summary")
    room.key("ArrowLeft", "revealed")  # back to the dilemma

    for key, overlay in (("q", "qr"), ("b", "blank"), ("?", "help")):
        projector.keyboard.press(key)
        expect(projector.locator(f"[data-overlay={overlay}]")).to_be_visible()
        projector.screenshot(path=tmp_path / f"projector-overlay-{overlay}.png")
        if overlay == "help":
            assert not axe_violations(projector)
        projector.keyboard.press("Escape")
        expect(projector.locator(f"[data-overlay={overlay}]")).to_be_hidden()
    # the on-screen controls appear with the mouse and steer as well
    projector.mouse.move(600, 400)
    next_button = projector.locator("[data-remote] [data-key=next]")
    expect(next_button).to_be_visible()
    expect(next_button).to_have_text(re.compile("Bespreken"))
    next_button.click()
    expect(projector.locator(".live-screen")).to_have_attribute("data-phase", "discussion")
    assert getattr(projector, "console_errors", []) == []
