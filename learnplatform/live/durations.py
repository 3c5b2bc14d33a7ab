"""How long a dilemma takes in a live session: one estimate, used by the builder and reports.

A dilemma takes a base time (read the situation, vote, reveal, discuss) plus time per prepared
"Maar wat als…?" variation. `programme_minutes` spreads a programme's own duration over its
dilemmas, so when programmes get timed blocks only this module has to learn about them.
"""

from __future__ import annotations

from collections.abc import Iterable

from learnplatform.content.schema import Programme, Scenario

BASE_MINUTES = 8
PER_VARIATION_MINUTES = 4


def estimate_minutes(scenario: Scenario, programme: Programme | None = None) -> int:
    """Estimated minutes for one dilemma (from the programme when it includes the dilemma)."""
    if programme is not None and scenario.id in programme.scenarios:
        return max(1, round(programme.minutes / len(programme.scenarios)))
    return BASE_MINUTES + PER_VARIATION_MINUTES * len(scenario.variations)


def total_minutes(scenarios: Iterable[Scenario], programme: Programme | None = None) -> int:
    """Estimated minutes for a list of dilemmas."""
    return sum(estimate_minutes(s, programme) for s in scenarios)


def duration_band(minutes: int) -> str:
    """The builder's duration filter: 'kort' (up to 10), 'middel' (up to 15) or 'lang'."""
    if minutes <= 10:
        return "kort"
    if minutes <= 15:
        return "middel"
    return "lang"
