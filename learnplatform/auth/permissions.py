"""The one authorisation helper, used by HTTP views and Socket.IO handlers alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from learnplatform.auth.models import Role, User
from learnplatform.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])


def is_allowed(user: Any, *roles: Role) -> bool:
    """True if `user` is a logged-in, active account holding one of `roles` (any role if none)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not isinstance(user, User) or not user.is_active:
        return False
    return not roles or user.has_role(*roles)


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Decorate a view: anonymous users are sent to login, wrong roles get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not getattr(current_user, "is_authenticated", False):
                return login_manager.unauthorized()
            if not is_allowed(current_user, *roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


login_required = roles_required()
