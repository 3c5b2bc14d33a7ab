"""Load content files from a root folder into a ContentRegistry.

Layout: modules/<id>/module.yaml + modules/<id>/lessons/NN-<id>.yaml, scenarios/<id>.yaml,
tracks.yaml, sessions/<id>.yaml.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from learnplatform.content.registry import ContentRegistry
from learnplatform.content.schema import (
    Lesson,
    Module,
    ModuleFile,
    Programme,
    Scenario,
    TracksFile,
)


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_content(root: Path) -> ContentRegistry:
    """Parse every content file under `root`; raises on the first invalid file."""
    modules: dict[str, Module] = {}
    for module_yaml in sorted((root / "modules").glob("*/module.yaml")):
        meta = ModuleFile.model_validate(_read(module_yaml))
        lessons = [
            Lesson.model_validate(_read(module_yaml.parent / "lessons" / name))
            for name in meta.lessons
        ]
        fields = meta.model_dump(exclude={"lessons"})
        modules[meta.id] = Module(**fields, lessons=tuple(lessons))
    scenarios = {
        s.id: s
        for s in (
            Scenario.model_validate(_read(p)) for p in sorted((root / "scenarios").glob("*.yaml"))
        )
    }
    tracks_path = root / "tracks.yaml"
    tracks = TracksFile.model_validate(_read(tracks_path)).tracks if tracks_path.exists() else ()
    programmes = {
        p.id: p
        for p in (
            Programme.model_validate(_read(f)) for f in sorted((root / "sessions").glob("*.yaml"))
        )
    }
    return ContentRegistry(
        modules=MappingProxyType(modules),
        scenarios=MappingProxyType(scenarios),
        tracks=MappingProxyType({t.id: t for t in tracks}),
        programmes=MappingProxyType(programmes),
    )
