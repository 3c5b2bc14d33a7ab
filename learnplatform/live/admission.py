"""Admission of new participants: the per-address limit, and telling the trainer when it bites."""

from __future__ import annotations

from collections.abc import Callable

from learnplatform.live import broadcast
from learnplatform.live.limits import client_address, limits
from learnplatform.live.models import LiveSession


def admit(session_id: int, address: str, announce: Callable[[], None]) -> bool:
    """Count a new participant of this session from `address`; when the limit refuses it,
    `announce` tells the trainer views at once and False is returned."""
    if limits().may_add_participant(address, session_id):
        return True
    announce()
    return False


def participant_gate(session: LiveSession) -> Callable[[], bool]:
    """The `may_create` check for `services.join_participant`: counts a new participant from
    the current address; when refused, the trainer views are told at once."""
    return lambda: admit(session.id, client_address(), lambda: broadcast.limit_hit(session))
