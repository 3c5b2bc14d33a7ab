"""Rendered parts of the learning pages that are the same for many learners, kept per app.

A module card in the catalogue or the step list of a track on the dashboard depends only on the
content, the locale and a little of the learner's progress (a percentage, which modules are done).
Content changes only on deploy, so such a part is rendered once per app, locale and state and
reused; the cache is bounded by starting over when it is full.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

EXTENSION_KEY = "learnplatform.learning.fragments"
MAX_FRAGMENTS = 2048


def cached_fragment(
    template: str, key: tuple[Hashable, ...], context: Callable[[], dict[str, Any]]
) -> Markup:
    """`template` rendered with `context()`, once per app, locale and `key`.

    `key` must determine everything the template shows besides the locale and content.
    """
    cache: dict[tuple[Hashable, ...], Markup] = current_app.extensions.setdefault(
        EXTENSION_KEY, {})
    full_key = (template, str(get_locale()), request.script_root, *key)
    html = cache.get(full_key)
    if html is None:
        if len(cache) >= MAX_FRAGMENTS:
            cache.clear()
        html = cache[full_key] = Markup(  # noqa: S704 - a rendered (autoescaped) template
            render_template(template, **context()))
    return html
