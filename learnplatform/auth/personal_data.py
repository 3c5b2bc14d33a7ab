"""Registry for personal data: every feature that stores data about a person registers here.

`register_exporter(key, fn)` adds `fn(user)` (JSON-able) under `key` in the "download my data" file;
`register_eraser(fn)` lets a feature delete rows that a database cascade does not remove before the
account itself is deleted. Erasers change state and flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from learnplatform.auth.models import User

Exporter = Callable[[User], Any]
Eraser = Callable[[User], None]

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: list[Eraser] = []


def register_exporter(key: str, exporter: Exporter) -> None:
    """Include `exporter(user)` under `key` in every data export (re-registering replaces it)."""
    _EXPORTERS[key] = exporter


def register_eraser(eraser: Eraser) -> None:
    """Run `eraser(user)` before an account is deleted (registering twice has no effect)."""
    if eraser not in _ERASERS:
        _ERASERS.append(eraser)


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "locale": user.locale,
        "active": user.active,
        "created_at": user.created_at.isoformat(),
    }


def _organisation(user: User) -> dict[str, Any] | None:
    org = user.organisation
    return None if org is None else {"name": org.name, "kind": org.kind.value}


def _roles(user: User) -> list[str]:
    return sorted(role.value for role in user.roles)


register_exporter("account", _account)
register_exporter("organisation", _organisation)
register_exporter("roles", _roles)


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the platform keeps about `user`, as one JSON-able mapping."""
    return {key: exporter(user) for key, exporter in _EXPORTERS.items()}


def erase_user_data(user: User) -> None:
    """Let every feature remove its data about `user` (before the account row is deleted)."""
    for eraser in _ERASERS:
        eraser(user)
