"""Votes: the cached vote gate, the conditional upsert, and counting.

A vote is written by one statement that succeeds only while its round's row is `open`, so the
database, not a process's cache, decides whether a vote counts. The gate (the open round and the
options of its dilemma) is cached per process as a hint and refreshed from the database whenever a
write is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Integer, String, bindparam, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from learnplatform.db_types import RandomIdType, UTCDateTime, random_id, this_hour
from learnplatform.extensions import db
from learnplatform.live import engine
from learnplatform.live.engine import IllegalCommand, SessionState
from learnplatform.live.models import LiveSession, Participant, Vote, VoteRound

_CACHE_KEY = "learnplatform.live.cache"


def app_cache() -> dict[str, Any]:
    """Per-app cache of the live feature: immutable lookups (local dilemmas, round ids,
    statements), vote gates and recent participant states."""
    cache: dict[str, Any] = current_app.extensions.setdefault(_CACHE_KEY, {})
    return cache


def round_id(session_id: int, key: str) -> int | None:
    """The VoteRound id of a round key (cached: a round's id never changes)."""
    cache = app_cache().setdefault("rounds", {})
    cached = cache.get((session_id, key))
    if cached is None:
        cached = db.session.scalars(
            select(VoteRound.id).where(VoteRound.session_id == session_id, VoteRound.key == key)
        ).first()
        if cached is not None:
            cache[(session_id, key)] = cached
    return int(cached) if cached is not None else None


@dataclass(frozen=True)
class VoteGate:
    """What a vote is checked against: the open round and the options of its dilemma.

    Cached per process as a hint only; the database decides (the vote is written only while its
    round row is open), and a refused write refreshes the gate from the database.
    """

    round_key: str
    round_id: int
    option_ids: frozenset[str]


def _fresh_state(session_id: int) -> SessionState:
    data = db.session.execute(
        select(LiveSession.state).where(LiveSession.id == session_id)).scalar_one_or_none()
    if data is None:
        raise IllegalCommand("unknown_session", "no such session")
    return SessionState.from_dict(data)


def vote_gate(session_id: int, *, refresh: bool = False) -> VoteGate | None:
    """The cached gate of a session, or a fresh one read from the database."""
    gates: dict[int, VoteGate | None] = app_cache().setdefault("gates", {})
    if not refresh and session_id in gates:
        return gates[session_id]
    state = _fresh_state(session_id)
    gate = None
    current = state.current_round
    if state.phase is engine.Phase.VOTING and current is not None:
        rid = round_id(session_id, current.key)
        if rid is not None:
            gate = VoteGate(current.key, rid, frozenset(state.items[state.item].option_ids))
    gates[session_id] = gate
    return gate


def forget_gate(session_id: int) -> None:
    """Drop the cached gate after a transition in this process."""
    app_cache().get("gates", {}).pop(session_id, None)


def forget_session(session_id: int) -> None:
    """Drop everything this process cached about a session (it is being deleted)."""
    forget_gate(session_id)
    app_cache().get("participant_states", {}).pop(session_id, None)
    rounds = app_cache().get("rounds", {})
    for key in [k for k in rounds if k[0] == session_id]:
        rounds.pop(key, None)


def cast_vote(session: LiveSession, participant_id: int, round_key: str | None,
              option: str) -> str:
    """Record or change a participant's vote in the open round; returns the round key."""
    return cast_vote_by_id(session.id, participant_id, round_key, option)


def cast_vote_by_id(session_id: int, participant_id: int, round_key: str | None,
                    option: str) -> str:
    """The lean vote path: one conditional upsert, no session row loaded in the common case."""
    for refresh in (False, True):
        gate = vote_gate(session_id, refresh=refresh)
        if gate is None or option not in gate.option_ids or (
            round_key is not None and round_key != gate.round_key
        ):
            continue
        if write_vote(gate.round_id, participant_id, option):
            return gate.round_key
    # Refused: let the engine say why, from the database's state.
    engine.can_vote(_fresh_state(session_id), round_key, option)
    raise IllegalCommand("vote_closed", "voting is not open")


def _vote_statement(dialect: str, *, returning: bool = False) -> Any:
    """The conditional upsert, built once per dialect (building it costs more than running it).

    With `returning` it returns the vote id of every written row: drivers' row counts for
    INSERT … SELECT … ON CONFLICT are not reliable (psycopg reported 1 for a refused write).
    """
    cache = app_cache().setdefault("vote_statements", {})
    key = (dialect, returning)
    if key not in cache:
        insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
        is_open = exists().where(VoteRound.id == bindparam("rid_open", type_=Integer),
                                 VoteRound.status == engine.RoundStatus.OPEN)
        stmt = insert(Vote).from_select(
            ["id", "round_id", "participant_id", "option_id", "updated_at"],
            select(bindparam("vid", type_=RandomIdType), bindparam("rid", type_=Integer),
                   bindparam("pid", type_=RandomIdType),
                   bindparam("opt", type_=String(80)), bindparam("now", type_=UTCDateTime()))
            .where(is_open),
        )
        upsert = stmt.on_conflict_do_update(
            index_elements=[Vote.round_id, Vote.participant_id],
            set_={"option_id": stmt.excluded.option_id, "updated_at": stmt.excluded.updated_at},
        )
        cache[key] = upsert.returning(Vote.id) if returning else upsert
    return cache[key]


def write_votes(rows: list[tuple[int, int, str]]) -> bool:
    """Write many (round id, participant id, option) votes in the current transaction.

    True only when every row was written; on False the caller rolls back and writes one by one
    (a round closed meanwhile). SQLite: one executemany, whose total row count sqlite3 reports
    exactly. Elsewhere: one statement per vote with RETURNING, still a single commit.
    """
    connection = db.session.connection()
    dialect = connection.dialect.name
    if not rows:
        return False
    if dialect != "sqlite":
        return all(write_vote(rid, pid, option) for rid, pid, option in rows)
    now = this_hour()
    result = connection.execute(_vote_statement(dialect), [
        {"vid": random_id(), "rid": rid, "rid_open": rid, "pid": pid, "opt": option, "now": now}
        for rid, pid, option in rows])
    return result.rowcount == len(rows)


def write_vote(rid: int, participant_id: int, option: str) -> bool:
    """Insert the vote or change the existing one, only while the round (row) is open.

    One statement on SQLite and PostgreSQL; returns False when the round is not open.
    """
    now = this_hour()
    connection = db.session.connection()
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        result = connection.execute(_vote_statement(dialect, returning=True), {
            "vid": random_id(), "rid": rid, "rid_open": rid, "pid": participant_id,
            "opt": option, "now": now})
        return result.first() is not None
    is_open = exists().where(VoteRound.id == rid,  # pragma: no cover - other dialects
                             VoteRound.status == engine.RoundStatus.OPEN)
    if not db.session.scalar(select(is_open)):  # pragma: no cover - other dialects
        return False
    try:  # pragma: no cover - other dialects
        with db.session.begin_nested():
            db.session.add(Vote(round_id=rid, participant_id=participant_id, option_id=option,
                                updated_at=now))
    except IntegrityError:  # pragma: no cover - the participant voted already: change it
        db.session.execute(
            update(Vote).where(Vote.round_id == rid, Vote.participant_id == participant_id)
            .values(option_id=option, updated_at=now)
        )
    return True


def own_vote(session: LiveSession, participant_id: int, round_key: str | None) -> str | None:
    """The participant's vote in a round, if any."""
    return own_vote_by_id(session.id, participant_id, round_key)


def own_vote_by_id(session_id: int, participant_id: int, round_key: str | None) -> str | None:
    """The participant's vote in a round of the session with this id, if any."""
    if round_key is None:
        return None
    rid = round_id(session_id, round_key)
    if rid is None:
        return None
    return db.session.scalars(
        select(Vote.option_id).where(Vote.round_id == rid, Vote.participant_id == participant_id)
    ).first()


def counts_by_round(session_id: int) -> dict[str, dict[str, int]]:
    """Votes per option for every round of a session: one GROUP BY query."""
    rows = db.session.execute(
        select(VoteRound.key, Vote.option_id, func.count(Vote.id))
        .join(Vote, Vote.round_id == VoteRound.id)
        .where(VoteRound.session_id == session_id)
        .group_by(VoteRound.key, Vote.option_id)
    )
    result: dict[str, dict[str, int]] = {}
    for key, option, count in rows:
        result.setdefault(key, {})[option] = int(count)
    return result


def vote_total(session_id: int, round_key: str) -> int:
    """How many participants voted in a round."""
    rid = round_id(session_id, round_key)
    if rid is None:
        return 0
    return int(db.session.scalar(select(func.count(Vote.id)).where(Vote.round_id == rid)) or 0)


def participant_count(session_id: int) -> int:
    """Participants who ever joined the session (one row per token)."""
    return int(db.session.scalar(
        select(func.count(Participant.id)).where(Participant.session_id == session_id)) or 0)


@dataclass(frozen=True)
class Result:
    """Votes for one option in a round."""

    option: str
    count: int
    percent: int


def results(option_ids: Sequence[str], counts: dict[str, int]) -> tuple[list[Result], int]:
    """Counts and whole percentages per option (in option order) and the total."""
    total = sum(counts.get(o, 0) for o in option_ids)
    return [
        Result(o, counts.get(o, 0), round(100 * counts.get(o, 0) / total) if total else 0)
        for o in option_ids
    ], total
