"""Template globals: navigation per role, locale, small helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from learnplatform.auth.models import OrganisationKind, Role
from learnplatform.auth.permissions import is_allowed
from learnplatform.content.markdown import render_markdown
from learnplatform.web.forms import language_form

# (endpoint, label, roles that see it; empty = every logged-in user). Features append here.
NAVIGATION: list[tuple[str, Any, tuple[Role, ...]]] = []


def add_nav_item(endpoint: str, label: Any, *roles: Role) -> None:
    """Register a navigation entry shown to users holding one of `roles`."""
    if all(item[0] != endpoint for item in NAVIGATION):
        NAVIGATION.append((endpoint, label, roles))


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


ROLE_LABELS: dict[Role, Any] = {
    Role.DEELNEMER: _l("deelnemer"),
    Role.TRAINER: _l("trainer"),
    Role.GRIFFIER: _l("griffier"),
    Role.BEHEERDER: _l("beheerder"),
}
KIND_LABELS: dict[OrganisationKind, Any] = {
    OrganisationKind.GEMEENTE: _l("gemeente"),
    OrganisationKind.PROVINCIE: _l("provincie"),
    OrganisationKind.WATERSCHAP: _l("waterschap"),
}


def role_label(role: Role | str) -> str:
    """The translated name of a role."""
    return str(ROLE_LABELS.get(Role(role), role))


def kind_label(kind: OrganisationKind | str) -> str:
    """The translated name of an organisation kind."""
    return str(KIND_LABELS.get(OrganisationKind(kind), kind))


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
            "dashboard_panels": dashboard_panels,
            "language_form": language_form,
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "supported_locales": app.config["BABEL_SUPPORTED_LOCALES"],
            "Role": Role,
            "role_label": role_label,
            "kind_label": kind_label,
        }
