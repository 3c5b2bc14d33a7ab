"""Signals other features listen to, so that auth never has to import them.

`password_chosen` is sent with the user (as sender) after they chose a password through an
e-mailed link or changed it. `access_changed` is sent with the user's id after a committed change
that may take rights away (logout, roles changed, account deactivated or deleted): open
connections that were authorised as that user (a trainer's control view socket, say) must be
dropped.
"""
from __future__ import annotations

from blinker import Namespace

from learnplatform.on_commit import on_commit

signals = Namespace()

# sent with the user (as sender) after they chose a password through an e-mailed link or changed it
password_chosen = signals.signal("password-chosen")
access_changed = signals.signal("learnplatform.auth.access-changed")


def announce_access_changed(user_id: int) -> None:
    """Send `access_changed` for this user once the current transaction commits."""

    def send() -> None:
        access_changed.send(None, user_id=user_id)

    on_commit(send)
