"""Pure completion, resume and prerequisite logic (no Flask, no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from learnplatform.content.loader import load_content
from learnplatform.content.registry import ContentRegistry
from learnplatform.learning.progress import (
    BlockState,
    StepState,
    add_months,
    first_wrong_question,
    is_answer_correct,
    is_valid,
    lesson_minutes,
    lesson_progress,
    module_status,
    scan_band_index,
    spread_visible,
    track_status,
)

FIXTURES = Path(__file__).parent / "fixtures"
ALL_BLOCKS = [
    "intro", "regel-gedragscode", "vraag-eed", "eigen-ervaring",
    "scan-risico", "vraag-meer", "dilemma-wijn",
]


@pytest.fixture(scope="module")
def content() -> ContentRegistry:
    return load_content(FIXTURES)


def _states(correct: dict[str, bool], skip: tuple[str, ...] = ()) -> dict[str, BlockState]:
    return {
        block: BlockState(done=True, correct=correct.get(block))
        for block in ALL_BLOCKS if block not in skip
    }


def test_nothing_done_points_to_the_first_block(content: ContentRegistry) -> None:
    status = module_status(content.modules["basis-integriteit"], {})
    assert (status.next_lesson_id, status.next_block_id) == ("wat-is-integriteit", "intro")
    assert status.percent == 0
    assert not status.started
    assert not status.complete


def test_next_block_is_the_first_not_done_even_in_an_earlier_lesson(
    content: ContentRegistry,
) -> None:
    states = _states({"vraag-eed": True, "vraag-meer": True}, skip=("eigen-ervaring",))
    status = module_status(content.modules["basis-integriteit"], states)
    assert status.next_block_id == "eigen-ervaring"
    assert status.percent == round(100 * 6 / 7)
    assert not status.complete


@pytest.mark.parametrize(
    ("eed", "meer", "complete"),
    [(True, True, True), (True, False, True), (False, True, True), (False, False, False)],
)
def test_pass_mark_of_fifty_percent(
    content: ContentRegistry, eed: bool, meer: bool, complete: bool
) -> None:
    status = module_status(
        content.modules["basis-integriteit"], _states({"vraag-eed": eed, "vraag-meer": meer})
    )
    assert status.all_done
    assert status.complete is complete


def test_pass_mark_of_hundred_percent_needs_every_question(content: ContentRegistry) -> None:
    module = content.modules["verdieping"]
    wrong = {"tekst": BlockState(), "vraag": BlockState(correct=False)}
    right = {"tekst": BlockState(), "vraag": BlockState(correct=True)}
    assert not module_status(module, wrong).complete
    assert module_status(module, right).complete


def test_module_without_questions_completes_when_read(content: ContentRegistry) -> None:
    assert module_status(content.modules["griffie-module"], {"tekst": BlockState()}).complete


def test_lesson_progress(content: ContentRegistry) -> None:
    module = content.modules["basis-integriteit"]
    states = {"intro": BlockState(), "regel-gedragscode": BlockState()}
    assert lesson_progress(module, "wat-is-integriteit", states) == 50
    assert lesson_progress(module, "oefenen", states) == 0


def test_answer_correct_needs_exactly_the_right_options() -> None:
    assert is_answer_correct({"a", "b"}, {"a", "b"})
    assert not is_answer_correct({"a"}, {"a", "b"})
    assert not is_answer_correct({"a", "b", "c"}, {"a", "b"})


def test_scan_band() -> None:
    assert scan_band_index(6, [(2, 5), (6, 10)]) == 1
    assert scan_band_index(11, [(2, 5), (6, 10)]) is None


def test_track_prerequisites_lock_until_completed(content: ContentRegistry) -> None:
    track = content.tracks["basis-traject"]
    start = track_status(track, set())
    assert [s.state for s in start.steps] == [StepState.AVAILABLE, StepState.LOCKED]
    assert start.steps[1].missing == ("basis-integriteit",)
    assert start.next_step is not None
    assert start.next_step.module_id == "basis-integriteit"
    halfway = track_status(track, {"basis-integriteit"})
    assert [s.state for s in halfway.steps] == [StepState.COMPLETED, StepState.AVAILABLE]
    assert halfway.percent == 50
    done = track_status(track, {"basis-integriteit", "verdieping"})
    assert done.complete
    assert done.next_step is None


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    moment = datetime(2027, 1, 31, 12, tzinfo=UTC)
    assert add_months(moment, 1) == datetime(2027, 2, 28, 12, tzinfo=UTC)
    assert add_months(moment, 48) == datetime(2031, 1, 31, 12, tzinfo=UTC)
    assert add_months(datetime(2027, 11, 15, tzinfo=UTC), 3) == datetime(2028, 2, 15, tzinfo=UTC)


def test_validity() -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert is_valid(None, now)
    assert is_valid(datetime(2030, 1, 2, tzinfo=UTC), now)
    assert not is_valid(datetime(2029, 12, 31, tzinfo=UTC), now)


def test_spread_threshold() -> None:
    assert not spread_visible(4, 5)
    assert spread_visible(5, 5)


def test_lesson_minutes_share_the_module_minutes(content: ContentRegistry) -> None:
    assert lesson_minutes(content.modules["basis-integriteit"]) == {
        "wat-is-integriteit": 11, "oefenen": 9,
    }


def test_first_wrong_question(content: ContentRegistry) -> None:
    module = content.modules["basis-integriteit"]
    assert first_wrong_question(module, _states({"vraag-eed": True, "vraag-meer": True})) is None
    assert first_wrong_question(module, _states({"vraag-eed": True})) == ("oefenen", "vraag-meer")
