"""Template globals: navigation per role, locale, small helpers."""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from learnplatform.auth.models import Role
from learnplatform.auth.permissions import is_allowed
from learnplatform.content.markdown import render_markdown
from learnplatform.web.forms import language_form

# (endpoint, label, roles that see it; empty = every logged-in user). Features append here.
NAVIGATION: list[tuple[str, Any, tuple[Role, ...]]] = []


def add_nav_item(endpoint: str, label: Any, *roles: Role) -> None:
    """Register a navigation entry shown to users holding one of `roles`."""
    if all(item[0] != endpoint for item in NAVIGATION):
        NAVIGATION.append((endpoint, label, roles))


def nav_items() -> list[dict[str, str]]:
    """Navigation entries for the current user."""
    if not getattr(current_user, "is_authenticated", False):
        return []
    return [
        {"endpoint": endpoint, "url": url_for(endpoint), "label": str(label)}
        for endpoint, label, roles in NAVIGATION
        if is_allowed(current_user, *roles)
    ]


def markdown_filter(text: str | None) -> Markup:
    """Jinja filter `markdown`: content Markdown as sanitised HTML, safe to output unescaped."""
    return Markup(render_markdown(text)) if text else Markup("")  # noqa: S704 - sanitised by nh3


def register_markdown_filter(app: Flask) -> None:
    """Make `{{ text|markdown }}` available in templates."""
    app.add_template_filter(markdown_filter, "markdown")


def init_templating(app: Flask) -> None:
    """Expose helpers to all templates."""
    add_nav_item("web.home", _l("Start"))
    register_markdown_filter(app)

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {
            "nav_items": nav_items,
            "language_form": language_form,
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "supported_locales": app.config["BABEL_SUPPORTED_LOCALES"],
            "Role": Role,
        }
