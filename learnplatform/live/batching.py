"""Group commit for votes: votes that arrive together are written in one transaction.

A vote handler submits its vote and waits. The first submitter of an idle batcher becomes the
leader: it yields once so that votes already on their way can join, writes the whole batch with
one commit, wakes every submitter with its own outcome, and hands the lead to the oldest waiting
vote (if any). Every vote is still acknowledged only after the commit that contains it; a vote the
fast path cannot place (stale gate, closed round) goes through `votes.cast_vote_by_id` on its
own and gets the engine's error code.

Besides `live.commands` (the shared path of trainer commands), this is the one place outside a
handler that commits, because it commits on behalf of the handlers in its batch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from learnplatform.extensions import db, socketio
from learnplatform.live import votes

_KEY = "learnplatform.live.batcher"
WAIT_SECONDS = 30.0


@dataclass
class _Vote:
    session_id: int
    participant_id: int
    round_key: str | None
    option: str
    event: threading.Event = field(default_factory=threading.Event)
    lead: bool = False
    done: bool = False
    result: str | None = None
    error: BaseException | None = None


class VoteBatcher:
    """Collects concurrent votes of one process and commits them together."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[_Vote] = []
        self._busy = False

    def submit(self, session_id: int, participant_id: int, round_key: str | None,
               option: str) -> str:
        """Record the vote and return its round key once committed (or raise its error)."""
        vote = _Vote(session_id, participant_id, round_key, option)
        with self._lock:
            self._pending.append(vote)
            lead = not self._busy
            self._busy = True
        while not lead:
            if not vote.event.wait(WAIT_SECONDS):
                raise TimeoutError("vote batch did not finish")
            if vote.done:
                break
            vote.event.clear()
            lead = vote.lead
        if not vote.done:
            self._lead()
        if vote.error is not None:
            raise vote.error
        assert vote.result is not None  # noqa: S101 - done without error means written
        return vote.result

    def _lead(self) -> None:
        socketio.sleep(0)  # let votes that are already being handled join this batch
        with self._lock:
            batch, self._pending = self._pending, []
        try:
            _write(batch)
        finally:
            for vote in batch:
                vote.done = True
                vote.event.set()
            with self._lock:
                if self._pending:
                    successor = self._pending[0]
                    successor.lead = True
                    successor.event.set()
                else:
                    self._busy = False


def _write(batch: list[_Vote]) -> None:
    """The whole batch with one statement and one commit; what that cannot place, one by one."""
    fast: list[tuple[_Vote, str, tuple[int, int, str]]] = []
    slow: list[_Vote] = []
    try:
        for vote in batch:
            gate = votes.vote_gate(vote.session_id)
            if gate is None or vote.option not in gate.option_ids or (
                vote.round_key is not None and vote.round_key != gate.round_key
            ):
                slow.append(vote)
            else:
                fast.append((vote, gate.round_key, (gate.round_id, vote.participant_id,
                                                    vote.option)))
        if fast and votes.write_votes([row for _vote, _key, row in fast]):
            db.session.commit()
            for vote, key, _row in fast:
                vote.result = key
        else:
            db.session.rollback()
            slow = batch
    except Exception as error:
        db.session.rollback()
        for vote in batch:
            vote.result, vote.error = None, error
        return
    for vote in slow:
        try:
            vote.result = votes.cast_vote_by_id(vote.session_id, vote.participant_id,
                                                   vote.round_key, vote.option)
            db.session.commit()
        except Exception as error:  # an IllegalCommand or a failure, reported to its voter
            db.session.rollback()
            vote.result, vote.error = None, error


def batcher() -> VoteBatcher:
    """The app's vote batcher (one per app and process)."""
    ext: dict[str, Any] = current_app.extensions
    if _KEY not in ext:
        ext[_KEY] = VoteBatcher()
    found: VoteBatcher = ext[_KEY]
    return found


def cast_vote(session_id: int, participant_id: int, round_key: str | None, option: str) -> str:
    """Cast a vote through the app's batcher; committed when this returns."""
    return batcher().submit(session_id, participant_id, round_key, option)
