"""Locale selection: user preference, then the header switch, then Accept-Language."""

from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user


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
    best = request.accept_languages.best_match(supported)
    return best or str(current_app.config["BABEL_DEFAULT_LOCALE"])
