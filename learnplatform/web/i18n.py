"""Locale selection: the member's choice (account, then the header switch), else Dutch.

The browser's Accept-Language alone never switches the interface: the course content is Dutch, and
an English interface around it is something a member chooses.
"""

from __future__ import annotations

from flask import current_app, session
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
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])
