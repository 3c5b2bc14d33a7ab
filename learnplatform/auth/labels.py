"""Translated names of roles and organisation kinds, for pages and forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from learnplatform.auth.models import OrganisationKind, Role

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
