"""The xAPI outbox and a person's account: their statements go with the account."""

from __future__ import annotations

from sqlalchemy import delete

from learnplatform.auth.models import User
from learnplatform.extensions import db
from learnplatform.xapi.models import XapiStatement


def erase_statements(user: User) -> None:
    """Delete the statements about a person whose account is deleted (SQLite has no cascade)."""
    db.session.execute(delete(XapiStatement).where(XapiStatement.user_id == user.id))
    db.session.flush()
