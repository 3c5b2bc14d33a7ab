"""Resolve a join code to the participant page of a live session."""

from __future__ import annotations

from flask import url_for

from learnplatform.live.services import find_active_session


def resolve_join_code(code: str) -> str | None:
    """Return the URL of the active session with this code, or None when there is none."""
    if not (len(code) == 6 and code.isdigit()):
        return None
    session = find_active_session(code)
    return url_for("live.participant", code=session.code) if session else None
