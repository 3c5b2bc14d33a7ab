"""The `/live` Socket.IO namespace: thin handlers (validate → authorise → service → commit →
broadcast). The protocol is specified in docs/live-protocol.md.

Every event is answered in its acknowledgement with `{"ok": true, ...}` or
`{"ok": false, "error": {"code", "message"}}`; on an error the transaction is rolled back, so
nothing changes.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import current_app, g, request
from flask_babel import force_locale
from flask_login import current_user
from flask_socketio import Namespace, join_room, leave_room
from pydantic import BaseModel, ValidationError
from socketio.exceptions import ConnectionRefusedError as SocketRefused

from learnplatform.extensions import db
from learnplatform.live import (
    access,
    admission,
    batching,
    broadcast,
    commands,
    counts,
    homecoming,
    limits,
    services,
    timers,
)
from learnplatform.live.engine import IllegalCommand
from learnplatform.live.models import LiveSession
from learnplatform.live.protocol import (
    ArgumentPayload,
    CommandPayload,
    JoinPayload,
    ModeratePayload,
    VotePayload,
    message,
)
from learnplatform.live.snapshot import build_state
from learnplatform.web.i18n import select_locale

P = TypeVar("P", bound=BaseModel)
Ack = dict[str, Any]
COOKIE_PREFIX = "lp_live_"


class Refused(Exception):  # noqa: N818 - an expected outcome with a protocol error code
    """A request refused at the edge (not by the engine)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Connection:
    """What one socket id has joined, plus its locale and rate-limit bucket."""

    locale: str
    rate: float
    session_id: int | None = None
    role: str | None = None
    participant_id: int | None = None
    address: str = ""
    user_id: int | None = None  # the account of a presenter or control view
    home: str | None = None  # a phone's home process, when it is away from it (homecoming)
    tokens: float = 0.0
    stamp: float = field(default_factory=time.monotonic)

    def allow(self) -> bool:
        """Token bucket: `rate` events per second, bursts up to `rate`."""
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class LiveNamespace(Namespace):
    """Handlers of the `/live` namespace; one instance per Socket.IO server."""

    def __init__(self, namespace: str = broadcast.NAMESPACE) -> None:
        super().__init__(namespace)
        self.connections: dict[str, Connection] = {}
        self.per_address: Counter[str] = Counter()
        self._lock = threading.Lock()

    # --- connection bookkeeping -------------------------------------------------------------

    def on_connect(self, auth: Any = None) -> None:
        """Remember the connection's locale; start the timer loop. Refused past the limit of
        open sockets per address (in this process)."""
        rate = float(current_app.config.get("LIVE_EVENTS_PER_SECOND", 20))
        address, ceiling = limits.client_address(), limits.limits().sockets
        with self._lock:
            if limits.limits().enabled and self.per_address[address] >= ceiling:
                raise SocketRefused("too_many_connections")
            self.per_address[address] += 1
            self.connections[_sid()] = Connection(locale=select_locale(), rate=rate,
                                                  tokens=rate, address=address)
        timers.ensure_ticker(current_app._get_current_object())  # type: ignore[attr-defined]

    def on_disconnect(self, reason: Any = None) -> None:
        """Forget the connection."""
        with self._lock:
            conn = self.connections.pop(_sid(), None)
            if conn is not None:
                self.per_address[conn.address] -= 1
                if self.per_address[conn.address] <= 0:
                    del self.per_address[conn.address]

    def drop_user(self, user_id: int) -> int:
        """Disconnect this process's sockets authorised as `user_id` (after a logout, a role
        change, a deactivation or a deletion). Returns how many."""
        with self._lock:
            sids = [sid for sid, conn in self.connections.items() if conn.user_id == user_id]
        for sid in sids:
            self.socketio.server.disconnect(sid, namespace=self.namespace)
        return len(sids)

    # --- events -----------------------------------------------------------------------------

    def trigger_event(self, event: str, *args: Any) -> Any:
        """Dispatch an event to its `on_<event>` handler, and `vote` to `_vote_event`."""
        if event == "vote":
            return self._vote_event(*args)
        return super().trigger_event(event, *args)

    def _vote_event(self, sid: str, data: Any = None, *_extra: Any) -> Ack:
        """Cast or change a vote in the open round.

        A whole room sends this at once, and it needs no request, cookie or user, so it runs in a
        plain app context instead of Flask-SocketIO's per-event request context (which costs about
        twenty times as much; see docs/benchmarks.md).
        """
        environ = self.socketio.server.get_environ(sid, namespace=self.namespace)
        if not environ:  # pragma: no cover - the connection is gone
            return {"ok": False, "error": {"code": "not_joined", "message": "not_joined"}}
        with environ["flask.app"].app_context():  # its teardown closes the database session
            return self._run(data, VotePayload, self._vote, sid=sid)

    def on_join(self, data: Any = None) -> Ack:
        """Join a session as participant, presenter or control."""
        return self._run(data, JoinPayload, self._join, needs_join=False)

    def on_argument(self, data: Any = None) -> Ack:
        """Send an anonymous argument during the discussion."""
        return self._run(data, ArgumentPayload, self._argument)

    def on_command(self, data: Any = None) -> Ack:
        """A trainer command for the session engine."""
        return self._run(data, CommandPayload, self._command)

    def on_moderate(self, data: Any = None) -> Ack:
        """Show or hide an argument."""
        return self._run(data, ModeratePayload, self._moderate)

    # --- the one error boundary -------------------------------------------------------------

    def _run(self, data: Any, model: type[P], handler: Callable[[Connection, P], Ack], *,
             needs_join: bool = True, sid: str | None = None) -> Ack:
        conn = self.connections.get(sid or _sid())
        if conn is None:  # pragma: no cover - connect always registers
            return self._error(None, "not_joined")
        if not conn.allow():
            return self._error(conn, "rate_limited")
        try:
            if not isinstance(data, dict):
                raise Refused("bad_payload")
            payload = model.model_validate(data)
            if needs_join and conn.session_id is None:
                raise Refused("not_joined")
            return handler(conn, payload)
        except ValidationError:
            db.session.rollback()
            return self._error(conn, "bad_payload")
        except (Refused, IllegalCommand) as refusal:
            db.session.rollback()
            return self._error(conn, refusal.code)
        except Exception:
            db.session.rollback()
            current_app.logger.exception("live event failed")
            return self._error(conn, "server_error")

    @staticmethod
    def _error(conn: Connection | None, code: str) -> Ack:
        with force_locale(conn.locale if conn else "nl"):
            return {"ok": False, "error": {"code": code, "message": message(code)}}

    # --- handlers ---------------------------------------------------------------------------

    def _join(self, conn: Connection, payload: JoinPayload) -> Ack:
        if payload.role == "participant":
            return self._join_participant(conn, payload)
        user = _socket_user()
        if not access.may_build(user):
            raise Refused("forbidden")
        sessions = services.sessions_with_code(payload.code)
        session = next((s for s in sessions if s.ended_at is None), None) or next(
            (s for s in sessions if s.owner_id == user.id), None)
        if session is None:
            raise Refused("unknown_session")
        if not access.may_steer(user, session):
            raise Refused("forbidden")
        broadcast.transition(session, services.tick(session))
        db.session.commit()
        self._bind(conn, session.id, payload.role, None)
        conn.user_id = user.id
        return {"ok": True, "state": build_state(session, "trainer")}

    def _join_participant(self, conn: Connection, payload: JoinPayload) -> Ack:
        session, token = _participant_session(payload)
        participant, token, created = services.join_participant(
            session, token, may_create=admission.participant_gate(session))
        events = services.tick(session)
        session_id, participant_id = session.id, participant.id
        broadcast.transition(session, events)  # delivered by the commit below
        if created:
            counts.mark_dirty(session_id)
        # The state is read before the commit: after it, every loaded row is expired and
        # reading them again cost two queries per join (a third of a room's join time).
        ack: Ack = {"ok": True, "state": build_state(session, "participant",
                                                      participant_id=participant_id)}
        db.session.commit()
        if created:
            ack["token"] = token
        self._bind(conn, session_id, "participant", participant_id)
        conn.home = homecoming.away_from(payload.home)
        return homecoming.acknowledge(ack)

    def _bind(self, conn: Connection, session_id: int, role: str,
              participant_id: int | None) -> None:
        if conn.session_id is not None:
            leave_room(broadcast.participant_room(conn.session_id))
            leave_room(broadcast.trainer_room(conn.session_id))
        room = (broadcast.participant_room(session_id) if role == "participant"
                else broadcast.trainer_room(session_id))
        join_room(room)
        conn.session_id, conn.role, conn.participant_id = session_id, role, participant_id

    def _vote(self, conn: Connection, payload: VotePayload) -> Ack:
        if conn.role != "participant" or conn.participant_id is None:
            raise Refused("forbidden")
        session_id = conn.session_id
        assert session_id is not None  # noqa: S101 - checked by _run (needs_join)
        key = batching.cast_vote(session_id, conn.participant_id, payload.round, payload.option)
        counts.mark_dirty(session_id)  # committed by the batch (group commit)
        return {"ok": True, "round": key, "option": payload.option}

    def _argument(self, conn: Connection, payload: ArgumentPayload) -> Ack:
        if conn.role != "participant":
            raise Refused("forbidden")
        argument = services.add_argument(_session(conn), payload.text)
        broadcast.argument_new(argument)
        db.session.commit()
        return {"ok": True, "id": argument.id}

    def _command(self, conn: Connection, payload: CommandPayload) -> Ack:
        session = self._owned_session(conn, lock=True)
        commands.run(session, payload.to_command())
        return {"ok": True, "state": build_state(session, "trainer")}

    def _moderate(self, conn: Connection, payload: ModeratePayload) -> Ack:
        session = self._owned_session(conn)
        services.moderate(session, payload.argument, payload.action)
        broadcast.arguments_changed(session)
        db.session.commit()
        return {"ok": True}

    def _owned_session(self, conn: Connection, *, lock: bool = False) -> LiveSession:
        if conn.role not in ("presenter", "control"):
            raise Refused("forbidden")
        user = _socket_user()
        session = _session(conn, lock=lock)
        if not access.may_steer(user, session):
            raise Refused("forbidden")
        return session


def _sid() -> str:
    """The Socket.IO session id of the current event (set by Flask-SocketIO)."""
    return str(getattr(request, "sid", ""))


def _socket_user() -> Any:
    """The logged-in user of this connection, read afresh from its session for every event."""
    g.pop("_login_user", None)
    return current_user._get_current_object()


def _session(conn: Connection, *, lock: bool = False) -> LiveSession:
    session = db.session.get(LiveSession, conn.session_id, with_for_update=lock)
    if session is None:
        raise Refused("unknown_session")
    return session


def _participant_session(payload: JoinPayload) -> tuple[LiveSession, str | None]:
    """The session a participant may join with this code and token (payload or cookie); a wrong
    code counts towards the address's guessing limit (shared with the HTTP join)."""
    address = limits.client_address()
    if not limits.limits().may_guess(address):
        raise Refused("too_many_guesses")
    found = services.session_for_participant(
        payload.code,
        lambda session: payload.token or request.cookies.get(f"{COOKIE_PREFIX}{session.id}"))
    if found is None:
        limits.limits().wrong_code(address)
        raise Refused("unknown_session")
    return found
