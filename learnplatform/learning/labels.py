"""Translated labels for content enums shown in the learning pages."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from learnplatform.content.schema import ReasoningStep, Theme

THEMES: dict[str, Any] = {
    Theme.WERVING_EN_SELECTIE: _l("Werving en selectie"),
    Theme.TIJDENS_HET_AMBT: _l("Tijdens het ambt"),
    Theme.DILEMMA_OF_SCHENDING: _l("Dilemma of schending"),
    Theme.VEILIGHEID: _l("Veiligheid"),
    Theme.KOSTEN_EN_VOORZIENINGEN: _l("Kosten en voorzieningen"),
    Theme.NEVENFUNCTIES: _l("Nevenfuncties"),
    Theme.MORELE_OORDEELSVORMING: _l("Morele oordeelsvorming"),
    Theme.FACILITATIE: _l("Facilitatie"),
}

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
