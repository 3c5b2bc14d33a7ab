"""Office roles a griffie assigns to its members (no database; labels are lazily translated)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

# id -> label; the ids are what an upload file may say (case-insensitive, see normalise)
OFFICE_ROLES: dict[str, Any] = {
    "raadslid": _l("raadslid"),
    "statenlid": _l("statenlid"),
    "ab-lid": _l("AB-lid"),
    "db-lid": _l("DB-lid"),
    "burgerlid": _l("burgerlid"),
    "commissielid": _l("commissielid"),
    "wethouder": _l("wethouder"),
    "gedeputeerde": _l("gedeputeerde"),
    "burgemeester": _l("burgemeester"),
    "dijkgraaf": _l("dijkgraaf"),
    "griffier": _l("griffier"),
    "fractieondersteuner": _l("fractieondersteuner"),
}
ALIASES = {
    "raadsleden": "raadslid",
    "statenleden": "statenlid",
    "lid algemeen bestuur": "ab-lid",
    "ab lid": "ab-lid",
    "lid dagelijks bestuur": "db-lid",
    "db lid": "db-lid",
    "burger-lid": "burgerlid",
    "commissaris van de koning": "burgemeester",
}
NO_ROLE = ""


def normalise(raw: str) -> str | None:
    """The role id for what a file or form says, or None when it is not a known role."""
    text = " ".join(raw.strip().lower().split())
    text = ALIASES.get(text, text)
    return text if text in OFFICE_ROLES else None


def label(role_id: str | None) -> str:
    """The translated label of a role id ("—" when unknown)."""
    return str(OFFICE_ROLES[role_id]) if role_id in OFFICE_ROLES else "—"
