"""Live-session services: sessions, the engine's persistence, participants, arguments, attendance.

Votes and counts live in `votes.py`. Plain functions that change state and `flush()`; the socket
handler, view or CLI that calls them commits. Engine refusals surface as `IllegalCommand`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from learnplatform.auth.models import User
from learnplatform.content.schema import Scenario
from learnplatform.content.validate import markdown_problems
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.live import engine, votes
from learnplatform.live.clock import clock_of
from learnplatform.live.engine import Command, Event, IllegalCommand, Item, SessionState
from learnplatform.live.models import (
    Argument,
    ArgumentStatus,
    AttendanceEntry,
    LiveSession,
    LocalDilemma,
    Participant,
    SessionItem,
    Vote,
    VoteRound,
)
from learnplatform.web.content import get_content
from learnplatform.web.text import clean_strings, clean_text

LOCAL_PREFIX = "local:"
ARGUMENT_MAX = 280


# --- scenarios -----------------------------------------------------------------------------


def resolve_scenario(ref: str) -> Scenario | None:
    """The scenario behind a session item: a file scenario id or `local:<id>` (cached)."""
    if not ref.startswith(LOCAL_PREFIX):
        return get_content().scenarios.get(ref)
    cache = votes.app_cache().setdefault("scenarios", {})
    if ref not in cache:
        try:
            local = db.session.get(LocalDilemma, int(ref.removeprefix(LOCAL_PREFIX)))
        except ValueError:
            return None
        if local is None:
            return None
        cache[ref] = Scenario.model_validate(local.data)
    scenario: Scenario = cache[ref]
    return scenario


def _visible_to(user: User) -> Any:
    """The condition for local dilemmas a trainer may use: their organisation's, else their own."""
    if user.organisation_id is not None:
        return LocalDilemma.organisation_id == user.organisation_id
    return LocalDilemma.author_id == user.id


def local_dilemmas_for(user: User) -> list[LocalDilemma]:
    """Current (not archived) local dilemmas the user may use, newest first."""
    return list(db.session.scalars(
        select(LocalDilemma).where(_visible_to(user), LocalDilemma.archived_at.is_(None))
        .order_by(LocalDilemma.created_at.desc(), LocalDilemma.id.desc())
    ))


def local_dilemma_for(user: User, local_id: int) -> LocalDilemma | None:
    """One current local dilemma the user may change, or None."""
    return db.session.scalars(
        select(LocalDilemma).where(LocalDilemma.id == local_id, _visible_to(user),
                                   LocalDilemma.archived_at.is_(None))
    ).first()


class MarkdownRefused(Exception):  # noqa: N818 - a validation outcome, like pydantic's
    """Text of a local dilemma that the content files' Markdown checks refuse."""

    def __init__(self, paths: list[tuple[str | int, ...]]) -> None:
        super().__init__(", ".join(".".join(map(str, p)) for p in paths))
        self.paths = paths


def create_local_dilemma(author: User, data: dict[str, Any]) -> LocalDilemma:
    """Validate `data` as a Scenario, with the same Markdown checks as content files, and
    store it for the author's organisation.

    Raises pydantic's ValidationError when the data is not a valid scenario, MarkdownRefused
    when its Markdown is not allowed in content files (raw HTML, images, overlong words).
    """
    scenario = Scenario.model_validate(clean_strings(data))
    problems = markdown_problems(scenario)
    if problems:
        raise MarkdownRefused([path for path, _error in problems])
    local = LocalDilemma(
        organisation_id=author.organisation_id,
        author_id=author.id,
        title=scenario.title,
        data=scenario.model_dump(mode="json"),
    )
    db.session.add(local)
    db.session.flush()
    return local


def revise_local_dilemma(author: User, old: LocalDilemma, data: dict[str, Any]) -> LocalDilemma:
    """Store an edited dilemma as a new version and archive the old one.

    Sessions that already use the old version keep it, so what they showed and reported stays
    true. Raises pydantic's ValidationError (and changes nothing) when `data` is not valid.
    """
    new = create_local_dilemma(author, {**data, "id": old.data.get("id", data.get("id"))})
    new.organisation_id = old.organisation_id
    old.archived_at = utcnow()
    return new


def archive_local_dilemma(local: LocalDilemma) -> None:
    """Take a dilemma out of the library; sessions that used it keep it."""
    local.archived_at = utcnow()


# --- sessions ------------------------------------------------------------------------------


def _new_code() -> str:
    """A six-digit code not used by any session that has not ended."""
    for _attempt in range(50):
        code = f"{secrets.randbelow(1_000_000):06d}"
        taken = db.session.scalars(
            select(LiveSession.id).where(LiveSession.code == code, LiveSession.ended_at.is_(None))
        ).first()
        if taken is None:
            return code
    raise RuntimeError("no free session code")  # pragma: no cover - 1e6 codes


SIMULATED_PREFIX = "simulated:"


def create_session(
    owner: User,
    title: str,
    scenario_refs: Sequence[str],
    *,
    attendance: bool = False,
    default_timer: int | None = None,
    simulated: int | None = None,
) -> LiveSession:
    """Create a session in the lobby with these dilemmas, in order.

    With `simulated`, a rehearsal: that many simulated participants join at once and vote
    whenever a vote opens (see `live.rehearsal`). A dilemma may appear once only.
    """
    state = SessionState(items=_items(scenario_refs))
    session = LiveSession(
        code=_new_code(),
        title=title.strip(),
        owner_id=owner.id,
        organisation_id=owner.organisation_id,
        attendance_enabled=attendance,
        default_timer=default_timer,
        simulated_participants=simulated or None,
        state=state.to_dict(),
    )
    session.items = [SessionItem(position=i, scenario_ref=ref)
                     for i, ref in enumerate(scenario_refs)]
    db.session.add(session)
    db.session.flush()
    _add_simulated(session, simulated or 0)
    return session


def _add_simulated(session: LiveSession, count: int) -> None:
    """Give a rehearsal its simulated participants. Participant ids are random, so simulated rows
    are told apart by a token hash that no real token can have (a real one is 64 hex digits)."""
    db.session.add_all(Participant(session_id=session.id, token_hash=f"{SIMULATED_PREFIX}{n}")
                       for n in range(count))
    db.session.flush()


def _items(scenario_refs: Sequence[str]) -> tuple[Item, ...]:
    """Engine items for these refs; refuses unknown refs, duplicates and an empty list."""
    items: list[Item] = []
    for ref in scenario_refs:
        scenario = resolve_scenario(ref)
        if scenario is None:
            raise IllegalCommand("unknown_scenario", ref)
        items.append(Item(ref, tuple(o.id for o in scenario.options),
                          tuple(v.id for v in scenario.variations)))
    if not items:
        raise IllegalCommand("no_items", "a session needs at least one dilemma")
    if len(set(scenario_refs)) != len(scenario_refs):
        raise IllegalCommand("duplicate_item", "a dilemma may appear once in a session")
    return tuple(items)


def can_edit(session: LiveSession) -> bool:
    """Everything of a session may change until it starts; after that only its title."""
    return session.ended_at is None and session.phase == "lobby"


def rename_session(session: LiveSession, title: str) -> None:
    """Change the title (allowed at any time, also after the session)."""
    clean = " ".join(title.split())
    if not 1 <= len(clean) <= 200:
        raise IllegalCommand("bad_payload", "a title has 1 to 200 characters")
    session.title = clean
    db.session.flush()


def edit_session(
    session: LiveSession,
    title: str,
    scenario_refs: Sequence[str],
    *,
    attendance: bool,
    default_timer: int | None,
    simulated: int | None,
) -> None:
    """Change a session that has not started: title, dilemmas and order, timer, attendance list
    and rehearsal size. Raises IllegalCommand (and changes nothing) once it has started.

    A rehearsal's size can change only while no real participant has joined (their rows would
    go with the simulated ones).
    """
    if not can_edit(session):
        raise IllegalCommand("session_started", "only the title can change after the start")
    items = _items(scenario_refs)
    simulated = simulated or None
    if simulated != session.simulated_participants:
        joined = votes.participant_count(session.id)
        if joined != (session.simulated_participants or 0):
            raise IllegalCommand("participants_joined", "real participants have joined")
        db.session.execute(delete(Participant).where(Participant.session_id == session.id))
        session.simulated_participants = simulated
        _add_simulated(session, simulated or 0)
    rename_session(session, title)
    state = load_state(session)
    session.state = SessionState(items=items, version=state.version + 1).to_dict()
    # Update rows in place: deleting and inserting positions in one flush would collide on
    # the (session, position) unique constraint.
    rows = list(session.items)
    for position, ref in enumerate(scenario_refs):
        if position < len(rows):
            rows[position].scenario_ref = ref
        else:
            session.items.append(SessionItem(position=position, scenario_ref=ref))
    for row in rows[len(scenario_refs):]:
        session.items.remove(row)
    session.attendance_enabled = attendance
    session.default_timer = default_timer
    db.session.flush()
    votes.forget_gate(session.id)


def copy_session(session: LiveSession, owner: User) -> LiveSession:
    """A new session in the lobby with the same dilemmas (the same versions) and settings."""
    return create_session(
        owner, session.title, [item.scenario_ref for item in session.items],
        attendance=session.attendance_enabled, default_timer=session.default_timer,
        simulated=session.simulated_participants)


def can_delete(session: LiveSession) -> bool:
    """A session may be deleted before it starts or after it ended, never while it runs."""
    return session.ended_at is not None or session.phase in ("lobby", "ended")


def delete_session(session: LiveSession) -> None:
    """Delete a session with its participants, votes, arguments and attendance list.

    Rows are deleted explicitly (SQLite does not enforce ON DELETE CASCADE by default), and this
    process's caches of the session are dropped, as SQLite may hand its id to the next session.
    """
    if not can_delete(session):
        raise IllegalCommand("session_running", "end the session first")
    rounds = select(VoteRound.id).where(VoteRound.session_id == session.id)
    db.session.execute(delete(Vote).where(Vote.round_id.in_(rounds)))
    for model in (VoteRound, Argument, AttendanceEntry, Participant):
        db.session.execute(delete(model).where(model.session_id == session.id))
    votes.forget_session(session.id)
    db.session.delete(session)


def create_session_from_programme(owner: User, programme_id: str, **options: Any) -> LiveSession:
    """Create a session from a ready-made programme in the content files."""
    programme = get_content().programmes.get(programme_id)
    if programme is None:
        raise IllegalCommand("unknown_programme", programme_id)
    return create_session(owner, programme.title, programme.scenarios, **options)


def normalise_code(code: str) -> str:
    """A join code as typed ("123 456", " 123-456 ") in its stored form ("123456").

    Every lookup by code goes through this, so the code is accepted with or without spaces
    wherever it can be typed (join form, participant URL, socket `join`).
    """
    return "".join(ch for ch in code if not ch.isspace() and ch not in "-.")


def find_active_session(code: str) -> LiveSession | None:
    """The session with this code that has not ended."""
    code = normalise_code(code)
    return db.session.scalars(
        select(LiveSession).where(LiveSession.code == code, LiveSession.ended_at.is_(None))
    ).first()


def sessions_with_code(code: str) -> list[LiveSession]:
    """Every session that ever used this code, newest first (ended ones included)."""
    code = normalise_code(code)
    return list(db.session.scalars(
        select(LiveSession).where(LiveSession.code == code).order_by(LiveSession.id.desc())
    ))


def session_for_participant(
    code: str, token_of: Callable[[LiveSession], str | None]
) -> tuple[LiveSession, str | None] | None:
    """The session a participant may see with this code, and their token for it (if valid).

    `token_of` gives the token the participant holds for a session (cookie or payload). The running
    session wins; an ended one is only visible to its own participants (closing screen on rejoin).
    """
    for session in sessions_with_code(code):
        token = token_of(session)
        token = token if token and valid_token(token) else None
        if session.ended_at is None:
            return session, token
        if token and find_participant(session, token):
            return session, token
    return None


def sessions_of(owner: User) -> list[LiveSession]:
    """The trainer's sessions, newest first."""
    return list(db.session.scalars(
        select(LiveSession).where(LiveSession.owner_id == owner.id)
        .order_by(LiveSession.created_at.desc(), LiveSession.id.desc())
    ))


def load_state(session: LiveSession) -> SessionState:
    """The engine state of a session."""
    return SessionState.from_dict(session.state)


def _now() -> float:
    return clock_of().now()


def execute(session: LiveSession, command: Command, now: float | None = None) -> list[Event]:
    """Apply a command to the session, persist the new state and its rounds; return the events."""
    state = load_state(session)
    new_state, events = engine.apply(state, command, _now() if now is None else now)
    if not events and new_state.to_dict() == state.to_dict():
        return []
    session.state = new_state.to_dict()
    session.timer_ends_at = new_state.timer_ends_at
    if state.phase is engine.Phase.LOBBY and new_state.phase is not engine.Phase.LOBBY:
        session.started_at = session.started_at or utcnow()
    _sync_rounds(session, new_state, events)
    if any(isinstance(e, engine.SessionEnded) for e in events):
        session.ended_at = utcnow()
    db.session.flush()
    votes.forget_gate(session.id)
    return events


def _sync_rounds(session: LiveSession, state: SessionState, events: Iterable[Event]) -> None:
    """Mirror the engine's rounds into VoteRound rows (created, opened, closed, revealed)."""
    rows = {r.key: r for r in db.session.scalars(
        select(VoteRound).where(VoteRound.session_id == session.id))}
    now = utcnow()
    for rnd in state.rounds:
        row = rows.get(rnd.key)
        if row is None:
            row = VoteRound(session_id=session.id, key=rnd.key, item=rnd.item,
                            number=rnd.number, variation_id=rnd.variation_id)
            db.session.add(row)
        if row.status != rnd.status:
            if rnd.status is engine.RoundStatus.OPEN:
                row.opened_at = row.opened_at or now
            elif rnd.status is engine.RoundStatus.CLOSED or (
                rnd.status is engine.RoundStatus.REVEALED and row.closed_at is None
            ):
                row.closed_at = now
            row.status = rnd.status


def due_session_ids(now: float | None = None) -> list[int]:
    """Sessions whose vote timer has run out."""
    moment = _now() if now is None else now
    return list(db.session.scalars(
        select(LiveSession.id).where(
            LiveSession.timer_ends_at.is_not(None),
            LiveSession.timer_ends_at <= moment,
            LiveSession.ended_at.is_(None),
        )
    ))


def tick(session: LiveSession, now: float | None = None) -> list[Event]:
    """Close the vote when its timer has passed; no events otherwise."""
    if session.timer_ends_at is None or session.timer_ends_at > (_now() if now is None else now):
        return []
    return execute(session, engine.Tick(), now)


# --- participants and votes ----------------------------------------------------------------


def hash_token(token: str) -> str:
    """SHA-256 of a participant token; the token itself is never stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh random participant token (32 bytes, URL-safe)."""
    return secrets.token_urlsafe(32)


def valid_token(token: object) -> bool:
    """True for a string that could be a participant token."""
    return isinstance(token, str) and 20 <= len(token) <= 128 and token.isascii() and all(
        c.isalnum() or c in "-_" for c in token
    )


def find_participant(session: LiveSession, token: str) -> Participant | None:
    """The participant with this token in this session, if any."""
    return db.session.scalars(
        select(Participant).where(Participant.session_id == session.id,
                                  Participant.token_hash == hash_token(token))
    ).first()


def join_participant(session: LiveSession, token: str | None, *,
                     may_create: Callable[[], bool] | None = None
                     ) -> tuple[Participant, str, bool]:
    """Find or create the participant for a token; returns (participant, token, created).

    `may_create` is asked before a new participant is made (the per-address limit); when it says
    no, IllegalCommand("too_many_participants") is raised and nothing is written.
    """
    if token is not None and valid_token(token):
        found = find_participant(session, token)
        if found is not None:
            return found, token, False
    else:
        token = new_token()
    if session.ended_at is not None:
        raise IllegalCommand("unknown_session", "the session has ended")
    if may_create is not None and not may_create():
        raise IllegalCommand("too_many_participants", "too many new participants from here")
    participant = Participant(session_id=session.id, token_hash=hash_token(token))
    try:
        with db.session.begin_nested():
            db.session.add(participant)
    except IntegrityError:  # the same token joined at the same moment from another tab
        found = find_participant(session, token)
        assert found is not None  # noqa: S101 - the conflicting row exists
        return found, token, False
    return participant, token, True


# --- arguments ---------------------------------------------------------------------------


def add_argument(session: LiveSession, text: str) -> Argument:
    """Store an anonymous argument for the current round (only while revealed or discussing)."""
    state = load_state(session)
    if state.phase is engine.Phase.ENDED:
        raise IllegalCommand("session_ended", "the session has ended")
    if state.phase not in (engine.Phase.REVEALED, engine.Phase.DISCUSSION):
        raise IllegalCommand("wrong_phase", "arguments are accepted during the discussion")
    clean = " ".join(clean_text(text).split())
    if not 1 <= len(clean) <= ARGUMENT_MAX:
        raise IllegalCommand("bad_payload", "an argument has 1 to 280 characters")
    current = state.current_round
    assert current is not None  # noqa: S101 - revealed implies a round
    argument = Argument(session_id=session.id, round_key=current.key, text=clean)
    db.session.add(argument)
    db.session.flush()
    return argument


def moderate(session: LiveSession, argument_id: int, action: str) -> Argument:
    """Show an argument on the projector or hide it again."""
    argument = db.session.get(Argument, argument_id)
    if argument is None or argument.session_id != session.id:
        raise IllegalCommand("unknown_argument", "no such argument in this session")
    if action not in ("show", "hide"):
        raise IllegalCommand("bad_payload", "action is show or hide")
    argument.status = ArgumentStatus.SHOWN if action == "show" else ArgumentStatus.HIDDEN
    db.session.flush()
    return argument


def arguments_of(session_id: int, *statuses: ArgumentStatus) -> list[Argument]:
    """Arguments of a session in the order they arrived, optionally by status."""
    query = select(Argument).where(Argument.session_id == session_id).order_by(Argument.id)
    if statuses:
        query = query.where(Argument.status.in_(statuses))
    return list(db.session.scalars(query))
