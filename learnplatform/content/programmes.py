"""Programmes at run time: which programme a session follows, and where in its draaiboek it is.

A session set up from a programme starts with the programme's dilemmas in order (the builder puts
them first), so the programme is found from the session's scenario list; no session stores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from learnplatform.content.schema import Programme, ProgrammeDilemma


def programme_for(refs: Sequence[str], programmes: Iterable[Programme]) -> Programme | None:
    """The programme whose dilemmas open this list of scenario refs (the longest such), if any."""
    best: Programme | None = None
    for programme in programmes:
        ids = programme.scenarios
        if tuple(refs[: len(ids)]) == ids and (best is None or len(ids) > len(best.scenarios)):
            best = programme
    return best


@dataclass(frozen=True)
class TimedBlock:
    """One block of the draaiboek with its planned start (minutes from the start) and length."""

    type: str
    minutes: int
    start: int
    scenario: str | None
    current: bool


def timing(programme: Programme, item: int, *, started: bool, finished: bool) -> list[TimedBlock]:
    """The draaiboek with the block the session is in marked current.

    Before the start the opening is current; dilemma `item` (0-based) is the item-th dilemma
    block; after the last dilemma (summary, end) the closing is current.
    """
    if finished:
        current_index = len(programme.blocks) - 1
    elif not started:
        current_index = 0
    else:
        dilemmas = [i for i, b in enumerate(programme.blocks) if isinstance(b, ProgrammeDilemma)]
        current_index = dilemmas[item] if 0 <= item < len(dilemmas) else -1
    blocks, start = [], 0
    for index, block in enumerate(programme.blocks):
        scenario = block.scenario if isinstance(block, ProgrammeDilemma) else None
        current = index == current_index
        blocks.append(TimedBlock(block.type, block.minutes, start, scenario, current))
        start += block.minutes
    return blocks
