"""Translated labels of the live feature's codes (attendance roles)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "raadslid": _l("Raadslid"),
    "wethouder": _l("Wethouder"),
    "burgemeester": _l("Burgemeester"),
    "griffier": _l("Griffier"),
    "statenlid": _l("Statenlid"),
    "gedeputeerde": _l("Gedeputeerde"),
    "ab-lid": _l("AB-lid (algemeen bestuur)"),
    "db-lid": _l("DB-lid (dagelijks bestuur)"),
    "burgerlid": _l("Burgerlid / commissielid niet-raadslid"),
    "commissielid": _l("Commissielid"),
    "ambtenaar": _l("Ambtenaar"),
    "anders": _l("Anders"),
}


def role_label(code: str | None) -> str:
    """The label of an attendance role code ('' for none)."""
    return str(ROLE_LABELS.get(code, code)) if code else ""
