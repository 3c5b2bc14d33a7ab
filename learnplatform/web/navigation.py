"""The navigation registry: features add their entries; the header shows those the user may see.

A foundation module: roles are plain strings here (a feature's role enum is a `StrEnum`), and the
user is read through its `is_authenticated`, `is_active` and `has_role` attributes, so this file
imports no feature.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user

from learnplatform.web.i18n import per_locale

# (endpoint, label, roles that see it; empty = every logged-in user). Features append here.
NAVIGATION: list[tuple[str, Any, tuple[str, ...]]] = []


def add_nav_item(endpoint: str, label: Any, *roles: str) -> None:
    """Register a navigation entry shown to users holding one of `roles`."""
    if all(item[0] != endpoint for item in NAVIGATION):
        NAVIGATION.append((endpoint, label, roles))


def _may_see(user: Any, roles: tuple[str, ...]) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return not roles or bool(user.has_role(*roles))


_labels = per_locale(lambda: {endpoint: str(label) for endpoint, label, _roles in NAVIGATION})


def nav_items() -> list[dict[str, str]]:
    """Navigation entries for the current user."""
    user, labels = current_user._get_current_object(), _labels()
    return [
        {"endpoint": endpoint, "url": url_for(endpoint),
         "label": labels.get(endpoint) or str(label)}
        for endpoint, label, roles in NAVIGATION
        if _may_see(user, roles)
    ]
