"""Resolve a join code to the participant page of a live session."""

from __future__ import annotations


def resolve_join_code(code: str) -> str | None:
    """Return the URL of the session with this code, or None when there is none."""
    # The live feature registers sessions; until a session exists no code resolves.
    return None
