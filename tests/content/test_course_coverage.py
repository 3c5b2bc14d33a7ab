"""The course itself: minimum counts and coverage per theme and audience (issue: the course)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from learnplatform.content.loader import load_content
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.schema import (
    Audience,
    DilemmaBlock,
    QuestionBlock,
    ReflectionBlock,
)

ROOT = Path(__file__).resolve().parents[2]

REQUIRED_MODULES = [
    "integriteit-wat-wordt-verwacht",
    "belangenverstrengeling-en-stemmen",
    "nevenfuncties-en-inkomsten",
    "geschenken-en-uitnodigingen",
    "informatie-en-sociale-media",
    "kosten-en-voorzieningen",
    "veilig-bestuur",
    "dilemma-of-schending",
    "werving-en-selectie",
    "morele-oordeelsvorming",
    "train-de-trainer",
]
# Modules whose topic needs at least four dilemmas of its own.
TOPIC_MODULES = REQUIRED_MODULES[:9]
REQUIRED_TRACKS = {
    "basis-raadslid": Audience.GEMEENTE,
    "basis-statenlid": Audience.PROVINCIE,
    "waterschapsbestuurder": Audience.WATERSCHAP,
    "veilig-bestuur": None,
    "train-de-trainer-griffier": Audience.GRIFFIER,
    "werving-en-selectie": Audience.PROVINCIE,
}


@pytest.fixture(scope="module")
def course() -> ContentRegistry:
    return load_content(ROOT)


def test_every_required_module_exists_with_its_shape(course: ContentRegistry) -> None:
    for module_id in REQUIRED_MODULES:
        module = course.modules[module_id]
        blocks = [block for _, block in module.blocks()]
        assert 20 <= module.minutes <= 40, module_id
        assert 3 <= len(module.lessons) <= 6, module_id
        assert sum(isinstance(b, QuestionBlock) for b in blocks) >= 3, module_id
        assert any(isinstance(b, ReflectionBlock) for b in blocks), module_id
        assert any(isinstance(b, DilemmaBlock) for b in blocks), module_id
    assert len(course.modules) >= 10


def test_at_least_36_scenarios_with_four_per_topic(course: ContentRegistry) -> None:
    assert len(course.scenarios) >= 36
    per_module = Counter(m for s in course.scenarios.values() for m in set(s.related_modules))
    for module_id in TOPIC_MODULES:
        assert per_module[module_id] >= 4, (module_id, per_module[module_id])


def test_provinces_and_water_boards_have_their_own_dilemmas(course: ContentRegistry) -> None:
    only = Counter(s.audience[0] for s in course.scenarios.values() if len(s.audience) == 1)
    assert only[Audience.PROVINCIE] >= 6, only
    assert only[Audience.WATERSCHAP] >= 4, only


def test_every_scenario_is_a_full_dilemma(course: ContentRegistry) -> None:
    with_variation = 0
    for scenario in course.scenarios.values():
        assert 3 <= len(scenario.options) <= 4, scenario.id
        assert len(scenario.facilitator.questions) >= 3, scenario.id
        assert scenario.rules, scenario.id
        assert all(rule.source for rule in scenario.rules), scenario.id
        assert scenario.related_modules, scenario.id
        with_variation += bool(scenario.variations)
    assert with_variation * 2 >= len(course.scenarios)


def test_tracks_for_every_audience(course: ContentRegistry) -> None:
    for track_id, audience in REQUIRED_TRACKS.items():
        track = course.tracks[track_id]
        assert track.certificate_title
        assert track.validity_months
        if audience is not None:
            assert audience in track.audience, track_id
        for step in track.steps:
            assert step.module in course.modules, (track_id, step.module)


def test_session_programmes(course: ContentRegistry) -> None:
    assert len(course.programmes) >= 3
    for programme in course.programmes.values():
        assert all(s in course.scenarios for s in programme.scenarios), programme.id
        assert sum(b.minutes for b in programme.blocks) == programme.minutes, programme.id
        if programme.minutes == 90:
            assert 3 <= len(programme.scenarios) <= 4, programme.id
        assert programme.reserve, programme.id
        assert "schending" in programme.opening.exception, programme.id


def test_every_audience_has_a_track_and_a_programme_of_its_own(course: ContentRegistry) -> None:
    for audience in (Audience.GEMEENTE, Audience.PROVINCIE, Audience.WATERSCHAP):
        assert any(t.audience == (audience,) for t in course.tracks.values()), audience
        assert any(p.audience == (audience,) for p in course.programmes.values()), audience
    assert any(step.module == "werving-en-selectie"
               for t in course.tracks.values() for step in t.steps)


def test_train_the_trainer_covers_own_dilemmas_and_group_dynamics(
    course: ContentRegistry,
) -> None:
    text = " ".join(
        getattr(block, "body", "") for _, block in course.modules["train-de-trainer"].blocks())
    for words in ("één ding tegelijk", "herleidbaar", "Coalitie en oppositie",
                  "integritisme", "burgemeester of wethouders", "niet geheimhouden"):
        assert words in text, words
