"""Template globals: navigation, locale, the language switch and the `markdown` filter.

Features add their own template globals (role labels, say) when they are set up; this module
imports no feature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from learnplatform.content.markdown import render_markdown
from learnplatform.web.forms import LANGUAGES, language_switch_next
from learnplatform.web.i18n import init_template_translations
from learnplatform.web.navigation import add_nav_item, nav_items

__all__ = [
    "add_dashboard_panel", "add_nav_item", "dashboard_panels", "init_templating",
    "markdown_filter", "register_markdown_filter",
]

# Callables that render a panel for the logged-in user's dashboard ("" for nothing). Features
# append here, so the dashboard shows their notices without the learning feature importing them.
DASHBOARD_PANELS: list[Callable[[], str]] = []


def add_dashboard_panel(render: Callable[[], str]) -> None:
    """Register a panel for the dashboard (`render()` returns HTML, or "" when there is nothing)."""
    if render not in DASHBOARD_PANELS:
        DASHBOARD_PANELS.append(render)


def dashboard_panels() -> list[Markup]:
    """The non-empty dashboard panels for the current user."""
    return [Markup(html) for render in DASHBOARD_PANELS if (html := render())]  # noqa: S704 - rendered templates


def markdown_filter(text: str | None) -> Markup:
    """Jinja filter `markdown`: content Markdown as sanitised HTML, safe to output unescaped."""
    return Markup(render_markdown(text)) if text else Markup("")  # noqa: S704 - sanitised by nh3


CONTENT_LANGUAGE = "nl"
_CONTENT_LANG_ATTR = Markup(' lang="nl"')


def _content_lang_for(locale: str) -> Markup:
    if locale.split("_")[0] == CONTENT_LANGUAGE:
        return Markup("")
    return _CONTENT_LANG_ATTR


def content_lang() -> Markup:
    """` lang="nl"` for an element holding course content when the interface is in another
    language (WCAG 3.1.2: the language of parts); nothing in the Dutch interface."""
    return _content_lang_for(str(get_locale() or CONTENT_LANGUAGE))


def register_markdown_filter(app: Flask) -> None:
    """Make `{{ text|markdown }}` available in templates."""
    app.add_template_filter(markdown_filter, "markdown")


def init_templating(app: Flask) -> None:
    """Expose helpers to all templates."""
    add_nav_item("web.home", _l("Start"))
    init_template_translations(app)
    register_markdown_filter(app)
    app.add_template_global(content_lang, "content_lang")

    @app.context_processor
    def inject() -> dict[str, Any]:
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        lang_attr = _content_lang_for(locale)
        return {
            "nav_items": nav_items,
            "dashboard_panels": dashboard_panels,
            "language_choices": LANGUAGES,
            "language_switch_next": language_switch_next,
            "current_locale": locale,
            "supported_locales": app.config["BABEL_SUPPORTED_LOCALES"],
            # the global `content_lang` with the locale of this render resolved once
            "content_lang": lambda: lang_attr,
        }
