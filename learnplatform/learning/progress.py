"""Pure progress logic: module completion, resume point, track prerequisites, validity.

No Flask and no database: callers pass the content objects and the learner's state.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import datetime

from learnplatform.content.schema import Module, Track

PASSIVE_BLOCKS = frozenset({"text", "callout"})


@dataclass(frozen=True)
class BlockState:
    """What the learner did with one block; `correct` only for questions."""

    done: bool = True
    correct: bool | None = None


@dataclass(frozen=True)
class ModuleStatus:
    """Progress through a module and whether it counts as completed."""

    blocks_total: int
    blocks_done: int
    questions_total: int
    questions_correct: int
    pass_mark: int
    next_lesson_id: str | None
    next_block_id: str | None

    @property
    def percent(self) -> int:
        """Share of blocks seen or answered, 0..100."""
        return round(100 * self.blocks_done / self.blocks_total) if self.blocks_total else 100

    @property
    def all_done(self) -> bool:
        """Every block seen or answered."""
        return self.blocks_done >= self.blocks_total

    @property
    def passed(self) -> bool:
        """Questions answered correctly at or above the pass mark (true without questions)."""
        if not self.questions_total:
            return True
        return 100 * self.questions_correct >= self.pass_mark * self.questions_total

    @property
    def complete(self) -> bool:
        """All blocks done and the pass mark reached."""
        return self.all_done and self.passed

    @property
    def started(self) -> bool:
        """At least one block seen or answered."""
        return self.blocks_done > 0


def module_status(module: Module, states: Mapping[str, BlockState]) -> ModuleStatus:
    """Compute a learner's status in `module` from their block states (keyed by block id)."""
    total = done = questions = correct = 0
    next_lesson: str | None = None
    next_block: str | None = None
    for lesson, block in module.blocks():
        total += 1
        state = states.get(block.id)
        if state is not None and state.done:
            done += 1
        elif next_block is None:
            next_lesson, next_block = lesson.id, block.id
        if block.type == "question":
            questions += 1
            if state is not None and state.correct:
                correct += 1
    return ModuleStatus(
        blocks_total=total,
        blocks_done=done,
        questions_total=questions,
        questions_correct=correct,
        pass_mark=module.pass_mark,
        next_lesson_id=next_lesson,
        next_block_id=next_block,
    )


def lesson_progress(module: Module, lesson_id: str, states: Mapping[str, BlockState]) -> int:
    """Percentage of one lesson's blocks that are done."""
    lesson = next(lesson for lesson in module.lessons if lesson.id == lesson_id)
    done = sum(1 for b in lesson.blocks if (s := states.get(b.id)) is not None and s.done)
    return round(100 * done / len(lesson.blocks))


def lesson_minutes(module: Module) -> dict[str, int]:
    """The module's minutes shared out over its lessons by number of blocks (at least 1 each)."""
    total = sum(len(lesson.blocks) for lesson in module.lessons)
    return {
        lesson.id: max(1, round(module.minutes * len(lesson.blocks) / total))
        for lesson in module.lessons
    }


def first_wrong_question(
    module: Module, states: Mapping[str, BlockState]
) -> tuple[str, str] | None:
    """(lesson id, block id) of the first answered question that is not right, if any."""
    return next(
        (
            (lesson.id, block.id)
            for lesson, block in module.blocks()
            if block.type == "question"
            and (state := states.get(block.id)) is not None
            and not state.correct
        ),
        None,
    )


def is_answer_correct(chosen: Set[str], correct: Set[str]) -> bool:
    """A question is right when exactly the correct options were chosen."""
    return set(chosen) == set(correct)


def scan_band_index(total: int, bands: list[tuple[int, int]]) -> int | None:
    """Index of the first (min, max) band that contains `total`."""
    return next((i for i, (low, high) in enumerate(bands) if low <= total <= high), None)


class StepState(enum.StrEnum):
    """The state of a module within a track."""

    COMPLETED = "completed"
    AVAILABLE = "available"
    LOCKED = "locked"


@dataclass(frozen=True)
class TrackStepStatus:
    """One step of a track: its state and, when locked, the modules that unlock it."""

    module_id: str
    state: StepState
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrackStatus:
    """A learner's progress through a track."""

    track_id: str
    steps: tuple[TrackStepStatus, ...]

    @property
    def completed_count(self) -> int:
        """Number of completed steps."""
        return sum(1 for s in self.steps if s.state is StepState.COMPLETED)

    @property
    def percent(self) -> int:
        """Share of completed steps, 0..100."""
        return round(100 * self.completed_count / len(self.steps)) if self.steps else 100

    @property
    def complete(self) -> bool:
        """Every step completed."""
        return self.completed_count == len(self.steps)

    @property
    def next_step(self) -> TrackStepStatus | None:
        """The first step that is available but not completed."""
        return next((s for s in self.steps if s.state is StepState.AVAILABLE), None)


def track_status(track: Track, completed: Set[str]) -> TrackStatus:
    """Apply the prerequisites: a step is locked until all modules it requires are completed."""
    steps = []
    for step in track.steps:
        if step.module in completed:
            steps.append(TrackStepStatus(step.module, StepState.COMPLETED))
            continue
        missing = tuple(req for req in step.requires if req not in completed)
        state = StepState.LOCKED if missing else StepState.AVAILABLE
        steps.append(TrackStepStatus(step.module, state, missing))
    return TrackStatus(track.id, tuple(steps))


def add_months(moment: datetime, months: int) -> datetime:
    """The same moment `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def is_valid(valid_until: datetime | None, now: datetime) -> bool:
    """A certificate without an end date stays valid; otherwise until `valid_until`."""
    return valid_until is None or now < valid_until


def spread_visible(total_answers: int, threshold: int) -> bool:
    """Show the platform-wide spread only from `threshold` answers, so no one is identifiable."""
    return total_answers >= threshold
