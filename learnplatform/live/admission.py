"""Admission of new participants: the per-address limit, and telling the trainer when it bites."""

from __future__ import annotations

from collections.abc import Callable

from learnplatform.live import broadcast
from learnplatform.live.limits import client_address, limits
from learnplatform.live.models import LiveSession


def participant_gate(session: LiveSession) -> Callable[[], bool]:
    """The `may_create` check for `services.join_participant`: counts a new participant from
    the current address; when refused, the trainer views are told at once."""

    def may_create() -> bool:
        if limits().may_add_participant(client_address(), session.id):
            return True
        broadcast.limit_hit(session)
        return False

    return may_create
