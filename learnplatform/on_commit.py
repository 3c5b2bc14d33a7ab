"""Side effects after a successful commit, by structure: queue on the session, deliver on commit,
drop on rollback (the pattern of Zulip's `send_event_on_commit`).

A broadcast, an e-mail or a cache invalidation describes a change in the database. Sent before the
commit, it can announce a change that then rolls back (a mail for an account that was never
created); sent by hand after the commit, every call site has to remember it. Here the code that
makes the change queues the effect with `on_commit(callback)` while the transaction is open; the
session runs the queue once its commit has finished, and throws it away when the transaction rolls
back or ends without a commit. Outside a transaction there is nothing to wait for, so the callback
runs at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)

Callback = Callable[[], None]
_PENDING = "learnplatform.on_commit.pending"
_READY = "learnplatform.on_commit.ready"
_KEYS = "learnplatform.on_commit.keys"


class OnCommitSession(FlaskSession):
    """The app's database session: runs the callbacks queued with `on_commit` after a commit."""

    def commit(self) -> None:
        """Commit, then deliver what the committed transaction queued."""
        super().commit()
        deliver(self)


def queue(session: Session, callback: Callback, key: str | None = None) -> None:
    """Run `callback` after `session`'s current transaction commits (at once if none is open).

    With a `key`, the callback is queued once per transaction however often it is asked for
    (e.g. "start the background delivery" after a transaction that stored many records).
    """
    if not session.in_transaction():
        callback()
        return
    if key is not None:
        keys = session.info.setdefault(_KEYS, set())
        if key in keys:
            return
        keys.add(key)
    session.info.setdefault(_PENDING, []).append(callback)


def on_commit(callback: Callback, key: str | None = None) -> None:
    """Run `callback` after the current request's database transaction commits; drop it if the
    transaction rolls back. Runs at once when no transaction is open. See `queue` for `key`."""
    queue(current_app.extensions["sqlalchemy"].session(), callback, key)


def pending(session: Session) -> int:
    """How many callbacks wait for `session`'s commit (for tests and diagnostics)."""
    return len(session.info.get(_PENDING, ()))


def deliver(session: Session) -> None:
    """Run the callbacks of the committed transaction, in order; one failing does not stop the
    rest (the change is committed already, so a failure is logged, not raised)."""
    while ready := session.info.pop(_READY, None):
        for callback in ready:
            try:
                callback()
            except Exception:
                log.exception("after-commit callback failed")


@event.listens_for(OnCommitSession, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_KEYS, None)
    if callbacks := session.info.pop(_PENDING, None):
        session.info.setdefault(_READY, []).extend(callbacks)


@event.listens_for(OnCommitSession, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_KEYS, None)


@event.listens_for(OnCommitSession, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_KEYS, None)
    if transaction.parent is None and (dropped := session.info.pop(_PENDING, None)):
        log.warning("dropped %d after-commit callback(s): the transaction ended uncommitted",
                    len(dropped))
