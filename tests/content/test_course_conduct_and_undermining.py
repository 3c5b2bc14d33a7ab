"""The course, second edition: conduct between office holders, ondermijning, and review fixes.

Covers the two new topics (ongewenst gedrag en omgangsvormen tussen ambtsdragers; ondermijning),
the debriefs of the dilemmas they bring, and findings from the expert reading that must not
come back (a copied case, stereotypes, a threat without a safety route, legal questions waved away).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from learnplatform.content.loader import load_content
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.schema import Audience, DilemmaBlock

ROOT = Path(__file__).resolve().parents[2]

NEW_TOPIC_MODULES = ["omgangsvormen-en-ongewenst-gedrag", "ondermijning"]
MEMBER_TRACKS = {
    "basis-raadslid": Audience.GEMEENTE,
    "basis-statenlid": Audience.PROVINCIE,
    "waterschapsbestuurder": Audience.WATERSCHAP,
}


@pytest.fixture(scope="module")
def course() -> ContentRegistry:
    return load_content(ROOT)


def _all_text() -> str:
    """Every scenario file and lesson file as one lowercase string."""
    files = [*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("modules/*/lessons/*.yaml")]
    return "\n".join(path.read_text(encoding="utf-8").lower() for path in files)


@pytest.mark.parametrize("module_id", NEW_TOPIC_MODULES)
def test_new_topic_has_dilemmas_with_a_complete_debrief(
    course: ContentRegistry, module_id: str
) -> None:
    own = [s for s in course.scenarios.values() if module_id in s.related_modules]
    assert len(own) >= 2
    for scenario in own:
        debrief = scenario.debrief
        assert debrief is not None, scenario.id
        assert [d.option for d in debrief.options] == [o.id for o in scenario.options], scenario.id
        assert all(2 <= len(d.values) <= 3 for d in debrief.options), scenario.id
        assert debrief.questions, scenario.id
        assert debrief.closing, scenario.id


@pytest.mark.parametrize("module_id", NEW_TOPIC_MODULES)
def test_member_tracks_hold_the_new_topic_with_fitting_cases(
    course: ContentRegistry, module_id: str
) -> None:
    module = course.modules[module_id]
    embedded = [
        course.scenarios[block.scenario]
        for _, block in module.blocks()
        if isinstance(block, DilemmaBlock)
    ]
    for track_id, audience in MEMBER_TRACKS.items():
        assert module_id in [step.module for step in course.tracks[track_id].steps], track_id
        assert audience in module.audience
        for scenario in embedded:
            assert audience in scenario.audience, (track_id, scenario.id)


def test_the_gedeputeerde_dinner_is_no_copy_of_the_work_dinner(course: ContentRegistry) -> None:
    staten = course.scenarios["diner-van-de-gedeputeerde"]
    raad = course.scenarios["de-rekening-van-het-werkdiner"]
    assert staten.audience == (Audience.PROVINCIE,)
    assert "statenlid" in staten.situation
    assert not {o.id for o in staten.options} & {o.id for o in raad.options}
    assert staten.question != raad.question


def test_no_stereotypes_from_the_review(course: ContentRegistry) -> None:
    text = _all_text()
    for word in ("baklava", "kapsalon"):
        assert word not in text, word


def test_the_threat_in_the_village_group_comes_with_the_contact_route(
    course: ContentRegistry,
) -> None:
    scenario = course.scenarios["het-gerucht-in-de-dorpsgroep"]
    assert any(v.id == "bedreiging" for v in scenario.variations)
    assert scenario.debrief is not None
    route = " ".join(q.answer for q in scenario.debrief.questions)
    for needed in ("112", "griffier", "burgemeester", "weerbaarbestuur.nl"):
        assert needed in route, needed


def test_the_candidate_with_shares_gets_the_forbidden_contracts_rule(
    course: ContentRegistry,
) -> None:
    scenario = course.scenarios["kandidaat-gedeputeerde-met-aandelen"]
    assert any("Provinciewet, artikel 15" in rule.source for rule in scenario.rules)
    assert scenario.debrief is not None
    assert any("artikel 15" in (q.source or "") for q in scenario.debrief.questions)
    assert not any("juridisch verplicht" in p for p in scenario.facilitator.pitfalls)


def test_the_housing_corporation_case_names_the_woningwet_toets(course: ContentRegistry) -> None:
    scenario = course.scenarios["betaalde-baan-bij-de-woningcorporatie"]
    assert any(rule.source.startswith("Woningwet") for rule in scenario.rules)
    assert scenario.debrief is not None
    assert any((q.source or "").startswith("Woningwet") for q in scenario.debrief.questions)


def test_the_seed_phrase_is_not_used_as_own_words(course: ContentRegistry) -> None:
    scenario = course.scenarios["fractiegenoot-met-oude-berichten"]
    assert not any("onbesproken gedrag" in rule.text for rule in scenario.rules)


def test_no_facilitator_question_asks_the_room_who_was_threatened(
    course: ContentRegistry,
) -> None:
    scenario = course.scenarios["dreigbericht-na-het-debat"]
    for question in scenario.facilitator.questions:
        assert not question.lower().startswith("wie heeft ooit"), question
