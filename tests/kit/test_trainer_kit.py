"""The trainer kit PDF: read back with pypdf, as a griffier would print it (issue #14)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from learnplatform.config import PROJECT_ROOT
from learnplatform.content.loader import load_content
from learnplatform.kit.pdf import FontMissingError, markdown_lines, render_kit
from learnplatform.kit.plan import plan_for_programme, plan_for_session
from tests.content.helpers import ContentTree

UNICODE_TITLE = "Een ‘kleine’ attentie van Zoë en René"


def _text(pdf: bytes) -> str:
    """All text of a PDF with whitespace normalised (lines and justification vary)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


@pytest.fixture(scope="module")
def course_kits() -> dict[str, str]:
    course = load_content(PROJECT_ROOT)
    return {pid: _text(render_kit(plan_for_programme(p, course)))
            for pid, p in course.programmes.items()}


def test_every_programme_kit_holds_each_of_its_dilemmas_and_the_draaiboek(
    course_kits: dict[str, str],
) -> None:
    course = load_content(PROJECT_ROOT)
    for pid, text in course_kits.items():
        programme = course.programmes[pid]
        for scenario_id in (*programme.scenarios, *programme.reserve):
            scenario = course.scenarios[scenario_id]
            assert " ".join(scenario.title.split()) in text, (pid, scenario_id)
            assert " ".join(scenario.question.split()) in text, (pid, scenario_id)
        assert "1. Draaiboek" in text
        assert f"{programme.minutes} Totaal" in text
        for part in ("2. Dilemmakaarten", "3. Duiding per dilemma", "4. Lokale afspraken",
                     "5. Contactkaart", "6. Evaluatieformulier"):
            assert part in text, (pid, part)
        assert "De grens van die afspraak" in text  # confidentiality with its exception
        assert programme.closing.evaluation[0] in text


def test_local_facts_and_contact_card_leave_unverified_facts_to_fill_in(
    course_kits: dict[str, str],
) -> None:
    text = course_kits["startbijeenkomst-nieuwe-raad"]
    for label in ("Grens voor geschenken", "Termijn om geschenken en uitnodigingen te melden",
                  "Registers", "Meldprocedure", "Vertrouwenspersoon", "Agressieprotocol"):
        assert label in text
    assert "Burgemeester" in text
    assert "Commissaris van de Koning" not in text.split("5. Contactkaart")[-1]
    assert "112" in text
    assert "weerbaarbestuur.nl" in text
    assert "Gecontroleerd op (datum)" in text
    assert "070" not in text  # the 2019 number is unverified in the fact base: not printed
    waterschap = course_kits["algemeen-bestuur-waterschap-in-de-praktijk"]
    assert "Dijkgraaf" in waterschap.split("5. Contactkaart")[-1]


def test_unicode_names_survive_in_the_pdf(tree: ContentTree) -> None:
    tree.replace("scenarios/fles-wijn.yaml", "title: Een fles wijn na de informatieavond",
                 f"title: {UNICODE_TITLE}")
    content = load_content(tree.root)
    text = _text(render_kit(plan_for_programme(content.programmes["avond-dilemmas"], content)))
    assert UNICODE_TITLE in text
    assert "één" in _text(render_kit(plan_for_programme(
        load_content(PROJECT_ROOT).programmes["startbijeenkomst-nieuwe-raad"],
        load_content(PROJECT_ROOT))))


def test_a_debrief_is_printed_and_a_missing_one_says_so(tree: ContentTree) -> None:
    content = load_content(tree.root)
    text = _text(render_kit(plan_for_programme(content.programmes["avond-dilemmas"], content)))
    assert "Het moment van een cadeau zegt vaak meer dan de prijs." in text
    assert "Kijk in je eigen gedragscode welke grens geldt." in text
    course = load_content(PROJECT_ROOT)
    # a trainer's own dilemma may come without a debrief
    own = next(iter(course.scenarios.values())).model_copy(update={"debrief": None})
    plan = plan_for_session("Losse sessie", [own.id], course, {own.id: own}.get)
    text = _text(render_kit(plan))
    assert "Bij dit eigen dilemma is geen duiding geschreven" in text
    assert "Deze sessie volgt geen vast programma" in text


def test_a_session_from_a_programme_gets_its_draaiboek(tree: ContentTree) -> None:
    content = load_content(tree.root)
    plan = plan_for_session("Raad 12 maart", ["fles-wijn", "dreigend-bericht"], content,
                            content.scenarios.get)
    assert plan.programme is content.programmes["avond-dilemmas"]
    assert "0:30 20 Dilemma: Een dreigend bericht" in _text(render_kit(plan))


def test_missing_fonts_are_reported(tmp_path: Path, tree: ContentTree) -> None:
    content = load_content(tree.root)
    with pytest.raises(FontMissingError, match="fonts-dejavu-core"):
        render_kit(plan_for_programme(content.programmes["avond-dilemmas"], content), tmp_path)


def test_markdown_becomes_lines_with_bold_kept() -> None:
    assert markdown_lines("Eerst **dit**.\n\n- een\n- twee\n\n1. a\n2. b") == [
        "Eerst **dit**.", "• een", "• twee", "1. a", "2. b"]


def test_the_same_plan_is_rendered_once(tree: ContentTree) -> None:
    from learnplatform.kit.pdf import render_kit_cached

    content = load_content(tree.root)
    programme = content.programmes["avond-dilemmas"]
    first = render_kit_cached(plan_for_programme(programme, content))
    assert render_kit_cached(plan_for_programme(programme, content)) is first
