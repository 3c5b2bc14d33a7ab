"""Locale selection: the member's choice (account, then the header switch), else Dutch.

The browser's Accept-Language alone never switches the interface: the course content is Dutch, and
an English interface around it is something a member chooses.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from babel import support
from flask import Flask, current_app, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from wtforms.i18n import messages_path

T = TypeVar("T")


def per_locale(build: Callable[[], T]) -> Callable[[], T]:
    """A function that returns `build()` for the request's locale, built once per locale.

    For labels translated from the catalogue (lazy strings), which changes only on deploy: a lazy
    string looks up the request, locale and catalogue again every time it is shown.
    """
    built: dict[str, T] = {}

    def get() -> T:
        locale = str(get_locale())
        try:
            return built[locale]
        except KeyError:
            value = built[locale] = build()
            return value

    return get


def supported_locales() -> list[str]:
    """The locales the interface is translated into, default first."""
    return list(current_app.config["BABEL_SUPPORTED_LOCALES"])


def select_locale() -> str:
    """Pick the locale for this request."""
    supported = supported_locales()
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in supported:
        return str(user_locale)
    if session.get("locale") in supported:
        return str(session["locale"])
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


@functools.cache
def _wtforms_catalogue(locale: str) -> support.NullTranslations:
    """WTForms' own messages for a locale, read from disk once per process."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _FormTranslations:
    """WTForms' messages in the request's locale, resolved on first use."""

    def ugettext(self, string: str) -> str:
        """Translate one of WTForms' built-in messages."""
        return str(_wtforms_catalogue(str(get_locale())).ugettext(string))

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a plural built-in message."""
        return str(_wtforms_catalogue(str(get_locale())).ungettext(singular, plural, n))


def init_form_translations(app: Flask) -> None:
    """Serve WTForms' catalogue from memory.

    Flask-WTF reads it from disk on every request that renders a form (about 5 ms each, on every
    page: the language switch is a form); it first looks for `request.wtforms_translations`.
    """

    @app.before_request
    def cached_form_translations() -> None:
        request.wtforms_translations = _FormTranslations()  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=16)
def _template_gettext(translations: support.NullTranslations) -> dict[str, Callable[..., str]]:
    """`_`, `gettext` and `ngettext` for templates, bound to one catalogue.

    The same "newstyle" behaviour as Jinja's i18n extension (the result is escaped and always
    %-formatted with the keyword arguments), without its lookups per call; they take the
    evaluation context rather than the template context, which Jinja would copy for every call
    inside a loop.
    """
    ugettext, ungettext = translations.ugettext, translations.ungettext

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
        text = ugettext(string)
        return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704 - our catalogue, as Jinja does

    @pass_eval_context
    def ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, /,
                 **variables: Any) -> str:
        variables.setdefault("num", num)
        text = ungettext(singular, plural, num)
        return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704 - our catalogue, as Jinja does

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def init_template_translations(app: Flask) -> None:
    """Give every rendered template the catalogue of its locale directly.

    Flask-Babel's template callables find the request, locale and catalogue again on every `_()`
    (three context look-ups and three nested calls each, some hundred times per page); a context
    processor resolves the catalogue once per render instead (under `force_locale` too). Templates
    rendered straight from the Jinja environment, and macros imported without context, keep
    Flask-Babel's callables.
    """

    @app.context_processor
    def template_translations() -> dict[str, Any]:
        return _template_gettext(get_translations())
