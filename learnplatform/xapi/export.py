"""An organisation's learning records as an xAPI statement list (JSON), for a file or a download."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from learnplatform.extensions import db
from learnplatform.xapi.models import XapiStatement

LOCAL = ZoneInfo("Europe/Amsterdam")


def statements(organisation_id: int, since: date | None = None) -> list[dict[str, Any]]:
    """The organisation's statements, oldest first; from the start of `since` (Dutch time) on."""
    stmt = select(XapiStatement).where(XapiStatement.organisation_id == organisation_id)
    if since is not None:
        stmt = stmt.where(XapiStatement.created_at >= datetime.combine(since, time(), LOCAL))
    return [row.statement for row in db.session.scalars(
        stmt.order_by(XapiStatement.created_at, XapiStatement.id))]


def to_json(items: list[dict[str, Any]]) -> str:
    """The statement list as pretty JSON (UTF-8 text)."""
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
