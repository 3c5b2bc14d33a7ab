"""The course, second edition: accusations, fraction money and the review fixes.

Covers the rights and aftercare of someone accused (and of the one who reported),
fractievergoeding and ambtelijke bijstand, and findings from the expert reading that must not
come back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learnplatform.content.loader import load_content
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.schema import Audience, DilemmaBlock, QuestionBlock, ReflectionBlock

ROOT = Path(__file__).resolve().parents[2]

NEW_TOPIC_MODULES = [
    "rechten-en-nazorg-bij-een-melding",
    "fractievergoeding-en-ambtelijke-bijstand",
]
MEMBER_TRACKS = {
    "basis-raadslid": Audience.GEMEENTE,
    "basis-statenlid": Audience.PROVINCIE,
    "waterschapsbestuurder": Audience.WATERSCHAP,
}


@pytest.fixture(scope="module")
def course() -> ContentRegistry:
    return load_content(ROOT)


# every topic the second edition added, including those of test_course_conduct_and_undermining
@pytest.mark.parametrize("module_id", NEW_TOPIC_MODULES + [
    "omgangsvormen-en-ongewenst-gedrag", "ondermijning"])
def test_new_topic_is_a_full_module(course: ContentRegistry, module_id: str) -> None:
    module = course.modules[module_id]
    blocks = [block for _, block in module.blocks()]
    assert 20 <= module.minutes <= 40
    assert 3 <= len(module.lessons) <= 6
    assert sum(isinstance(b, QuestionBlock) for b in blocks) >= 3
    assert any(isinstance(b, ReflectionBlock) for b in blocks)
    assert len([b for b in blocks if isinstance(b, DilemmaBlock)]) >= 2


@pytest.mark.parametrize("module_id", NEW_TOPIC_MODULES)
def test_new_topic_has_two_dilemmas_with_a_debrief(course: ContentRegistry, module_id: str) -> None:
    own = [s for s in course.scenarios.values() if module_id in s.related_modules]
    assert len(own) >= 2
    for scenario in own:
        debrief = scenario.debrief
        assert debrief is not None, scenario.id
        assert {d.option for d in debrief.options} == {o.id for o in scenario.options}, scenario.id
        assert debrief.questions, scenario.id
        assert debrief.closing, scenario.id


@pytest.mark.parametrize("module_id", NEW_TOPIC_MODULES)
def test_member_tracks_hold_the_new_topic(course: ContentRegistry, module_id: str) -> None:
    module = course.modules[module_id]
    blocks = [block for _, block in module.blocks()]
    embedded = [course.scenarios[b.scenario] for b in blocks if isinstance(b, DilemmaBlock)]
    for track_id, audience in MEMBER_TRACKS.items():
        assert module_id in [step.module for step in course.tracks[track_id].steps], track_id
        assert audience in module.audience
        for scenario in embedded:
            assert audience in scenario.audience, (track_id, scenario.id)


def test_a_seat_for_ongebouwd_is_appointed_not_elected(course: ContentRegistry) -> None:
    scenario = course.scenarios["peilbesluit-en-de-eigen-boerderij"]
    assert "geborgde zetel" in scenario.situation
    assert not any("gekozen" in o.text or "gekozen" in o.considerations for o in scenario.options)


def test_no_facilitator_tip_asks_the_room_who_was_threatened(course: ContentRegistry) -> None:
    for scenario in course.scenarios.values():
        for tip in scenario.facilitator.tips:
            if "meegemaakt" in tip and tip.lower().startswith("vraag "):
                assert tip.lower().startswith("vraag niet"), (scenario.id, tip)


def test_rules_name_people_neutrally(course: ContentRegistry) -> None:
    generic = re.compile(r"\b(hem|hij)\b(?! of (haar|zij))")
    for scenario in course.scenarios.values():
        for rule in scenario.rules:
            assert not generic.search(rule.text), (scenario.id, rule.text)
