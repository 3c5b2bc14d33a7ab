"""The immutable registry of all loaded content."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from learnplatform.content.schema import Module, Programme, Scenario, Track


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
