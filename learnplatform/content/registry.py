"""The immutable registry of all loaded content."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from learnplatform.content.schema import (
    Audience,
    Module,
    Programme,
    ProgrammeDilemma,
    Scenario,
    Theme,
    Track,
)


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ContentRegistry:
    """All modules, scenarios, tracks and session programmes, keyed by id (read-only)."""

    modules: Mapping[str, Module] = field(default_factory=_empty)
    scenarios: Mapping[str, Scenario] = field(default_factory=_empty)
    tracks: Mapping[str, Track] = field(default_factory=_empty)
    programmes: Mapping[str, Programme] = field(default_factory=_empty)

    def counts(self) -> dict[str, int]:
        """How many of each kind were loaded."""
        return {
            "modules": len(self.modules),
            "scenarios": len(self.scenarios),
            "tracks": len(self.tracks),
            "programmes": len(self.programmes),
        }

    def counts_per_audience(self) -> dict[str, dict[str, int]]:
        """How many modules, scenarios, tracks and programmes are written for each audience."""
        kinds: dict[str, Mapping[str, Module | Scenario | Track | Programme]] = {
            "modules": self.modules, "scenarios": self.scenarios,
            "tracks": self.tracks, "programmes": self.programmes,
        }
        return {
            audience.value: {kind: sum(audience in item.audience for item in items.values())
                             for kind, items in kinds.items()}
            for audience in Audience
        }

    def counts_per_theme(self) -> dict[str, dict[str, int]]:
        """How many modules and scenarios each theme has."""
        return {
            theme.value: {
                "modules": sum(m.theme is theme for m in self.modules.values()),
                "scenarios": sum(theme in s.themes for s in self.scenarios.values()),
            }
            for theme in Theme
        }

    def programme_timings(self) -> list[dict[str, Any]]:
        """Every programme's draaiboek: minutes, number of dilemmas, blocks with their minutes."""
        return [
            {
                "id": p.id, "minutes": p.minutes, "dilemmas": len(p.dilemma_blocks),
                "reserve": list(p.reserve),
                "blocks": [{"type": b.type, "minutes": b.minutes,
                            "scenario": b.scenario if isinstance(b, ProgrammeDilemma) else None}
                           for b in p.blocks],
            }
            for p in self.programmes.values()
        ]
