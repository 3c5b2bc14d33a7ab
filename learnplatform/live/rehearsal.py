"""Rehearsal sessions: simulated participants vote, so a trainer or griffier can practise alone.

A rehearsal is an ordinary session with `simulated_participants` participant rows whose token
hash starts with `SIMULATED_PREFIX`. Whenever a vote opens, each of them casts a vote through the
same path as a phone
(`votes.cast_vote_by_id`, committed, counted), at a random moment in the first seconds of the vote,
so the trainer sees the count climb, can reveal a spread and compare rounds. The spread differs per
round, so a "Maar wat als…?" round shifts the votes. Real participants may join a rehearsal too.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from flask import Flask, current_app
from sqlalchemy import select

from learnplatform.extensions import db, socketio
from learnplatform.live import counts, engine, votes
from learnplatform.live.clock import Stopped, clock_of
from learnplatform.live.engine import Event, IllegalCommand
from learnplatform.live.models import LiveSession, Participant
from learnplatform.live.services import SIMULATED_PREFIX

MIN_SIMULATED = 2
MAX_SIMULATED = 60
VOTE_WITHIN_SECONDS = 8.0


def plan_votes(participant_ids: Sequence[int], option_ids: Sequence[str], seed: str,
               within: float = VOTE_WITHIN_SECONDS) -> list[tuple[float, int, str]]:
    """(delay in seconds, participant id, option) for every simulated participant, by delay.

    The same seed gives the same plan. Each round draws its own leaning over the options, so
    the spread is uneven (as in a real room) and differs between rounds.
    """
    rng = random.Random(seed)  # noqa: S311 - a simulation, not a secret
    weights = [rng.gammavariate(1.0, 1.0) for _ in option_ids]
    plan = [(round(rng.uniform(within / 16, within), 3), pid, rng.choices(option_ids, weights)[0])
            for pid in participant_ids]
    return sorted(plan)


def simulated_ids(session: LiveSession) -> list[int]:
    """Participant ids of the session's simulated participants."""
    if not session.simulated_participants:
        return []
    return list(db.session.scalars(
        select(Participant.id).where(Participant.session_id == session.id,
                                     Participant.token_hash.startswith(SIMULATED_PREFIX))
        .order_by(Participant.token_hash).limit(session.simulated_participants)))


def after_transition(session: LiveSession, events: list[Event]) -> None:
    """After a committed command: when a rehearsal's vote opened, let the simulation vote."""
    if not session.simulated_participants:
        return
    for event in events:
        if isinstance(event, engine.VoteOpened):
            app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
            if app.config.get("LIVE_BACKGROUND_TASKS", True):
                socketio.start_background_task(_simulate, app, session.id, event.round_key)
            else:  # tests: all simulated votes at once, in this request
                cast_planned(session.id, event.round_key, wait=False)


def _simulate(app: Flask, session_id: int, round_key: str) -> None:
    with app.app_context():
        try:
            cast_planned(session_id, round_key, wait=True)
        except Stopped:  # the clock ended (tests)
            db.session.rollback()
        except Exception:  # a failed simulation must not take the process down
            db.session.rollback()
            app.logger.exception("rehearsal simulation failed")
        finally:
            db.session.remove()


def cast_planned(session_id: int, round_key: str, *, wait: bool) -> int:
    """Cast the simulated votes of one round (sleeping until each one's moment when `wait`).

    Stops when the vote has closed; returns how many votes were cast.
    """
    session = db.session.get(LiveSession, session_id)
    if session is None:
        return 0
    state = engine.SessionState.from_dict(session.state)
    options = state.items[state.item].option_ids
    within = float(current_app.config.get("LIVE_REHEARSAL_SECONDS", VOTE_WITHIN_SECONDS))
    plan = plan_votes(simulated_ids(session), options, f"{session_id}:{round_key}", within)
    db.session.rollback()  # end the read transaction before sleeping
    cast, elapsed = 0, 0.0
    for delay, participant_id, option in plan:
        if wait:
            clock_of().sleep(delay - elapsed)
            elapsed = delay
        try:
            votes.cast_vote_by_id(session_id, participant_id, round_key, option)
            counts.mark_dirty(session_id)
            db.session.commit()
        except IllegalCommand:  # the trainer closed the vote before everyone "voted"
            db.session.rollback()
            break
        cast += 1
    return cast
