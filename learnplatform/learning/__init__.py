"""Self-paced learning: catalogue, module player, progress, tracks and certificates."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from learnplatform.content.markdown import render_markdown


def _markdown_filter(text: str | None) -> Markup:
    """Jinja filter: Markdown through the safe renderer."""
    return Markup(render_markdown(text or ""))  # noqa: S704 - output is sanitised by nh3


def init_app(app: Flask) -> None:
    """Register the blueprint, navigation and the `markdown` template filter."""
    from learnplatform.learning.views import bp
    from learnplatform.web.templating import add_nav_item

    app.register_blueprint(bp)
    app.jinja_env.filters.setdefault("markdown", _markdown_filter)
    add_nav_item("learning.dashboard", _l("Mijn leeromgeving"))
    add_nav_item("learning.catalogue", _l("Modules"))
