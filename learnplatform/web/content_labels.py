"""Translated labels for the content enums shown in pages: themes and audiences.

Here, not in `learnplatform.content`, because that package stays free of Flask.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from learnplatform.content.schema import Audience, Theme
from learnplatform.web.i18n import per_locale

THEMES: dict[Theme, Any] = {
    Theme.WERVING_EN_SELECTIE: _l("Werving en selectie"),
    Theme.TIJDENS_HET_AMBT: _l("Tijdens het ambt"),
    Theme.DILEMMA_OF_SCHENDING: _l("Dilemma of schending"),
    Theme.VEILIGHEID: _l("Veiligheid"),
    Theme.KOSTEN_EN_VOORZIENINGEN: _l("Kosten en voorzieningen"),
    Theme.NEVENFUNCTIES: _l("Nevenfuncties"),
    Theme.MORELE_OORDEELSVORMING: _l("Morele oordeelsvorming"),
    Theme.FACILITATIE: _l("Facilitatie"),
}

AUDIENCES: dict[Audience, Any] = {
    Audience.GEMEENTE: _l("Gemeenteraad"),
    Audience.PROVINCIE: _l("Provinciale Staten"),
    Audience.WATERSCHAP: _l("Waterschap"),
    Audience.GRIFFIER: _l("Griffiers"),
}

theme_labels = per_locale(lambda: {theme: str(label) for theme, label in THEMES.items()})
"""The theme labels in the request's locale."""
