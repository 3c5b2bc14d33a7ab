"""Who may see an organisation's griffie pages: its griffiers, and the beheerder for every one."""

from __future__ import annotations

from typing import Any

from learnplatform.auth.models import Organisation, Role
from learnplatform.auth.permissions import is_allowed

GRIFFIE_ROLES = (Role.GRIFFIER, Role.BEHEERDER)


def may_manage(user: Any, org: Organisation) -> bool:
    """True for a beheerder, or a griffier of this very organisation."""
    if is_allowed(user, Role.BEHEERDER):
        return True
    return is_allowed(user, Role.GRIFFIER) and user.organisation_id == org.id
