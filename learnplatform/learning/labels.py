"""Translated labels for content enums shown in the learning pages (themes are shared)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from learnplatform.content.schema import ReasoningStep
from learnplatform.web.content_labels import THEMES, theme_labels

CALLOUTS: dict[str, Any] = {
    "regel": _l("Regel"),
    "tip": _l("Tip"),
    "let-op": _l("Let op"),
}

REASONING_STEPS: dict[str, Any] = {
    ReasoningStep.VRAAG: _l("De vraag"),
    ReasoningStep.FEITEN: _l("De feiten"),
    ReasoningStep.BELANGHEBBENDEN: _l("Belanghebbenden"),
    ReasoningStep.WAARDEN: _l("Waarden"),
    ReasoningStep.REGELS: _l("Regels"),
    ReasoningStep.OPTIES: _l("Opties"),
    ReasoningStep.BESLUIT: _l("Besluit"),
}

__all__ = ["CALLOUTS", "REASONING_STEPS", "THEMES", "theme_labels"]
