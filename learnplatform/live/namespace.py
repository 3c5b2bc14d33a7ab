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
from flask_socketio import Namespace
from pydantic import BaseModel, ValidationError
from socketio.exceptions import ConnectionRefusedError as SocketRefused
from werkzeug.http import parse_cookie

from learnplatform.extensions import db
from learnplatform.live import (
    access,
    batching,
    broadcast,
    commands,
    counts,
    homecoming,
    joining,
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
from learnplatform.live.snapshot import build_state, participant_state
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
    """What one socket id has joined, plus its environ (for the locale of error messages, chosen
    on the first one) and rate-limit bucket."""

    environ: dict[str, Any]
    rate: float
    locale: str | None = None
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

    def _connect(self, sid: str, environ: dict[str, Any], *_auth: Any) -> None:
        """Remember the connection; start the timer loop. Refused past the limit of open sockets
        per address (in this process).

        A room connects at once and this needs no request, cookie or user, so it runs in a plain
        app context instead of Flask-SocketIO's request context (which reads the session cookie
        and loads the user; see docs/benchmarks.md).
        """
        app = environ["flask.app"]
        with app.app_context():
            rate = float(app.config.get("LIVE_EVENTS_PER_SECOND", 20))
            address, ceiling = limits.address_of(environ), limits.limits().sockets
            with self._lock:
                if limits.limits().enabled and self.per_address[address] >= ceiling:
                    raise SocketRefused("too_many_connections")
                self.per_address[address] += 1
                self.connections[sid] = Connection(environ=environ, rate=rate, tokens=rate,
                                                   address=address)
            timers.ensure_ticker(app)

    def _disconnect(self, sid: str, *_reason: Any) -> None:
        """Forget the connection."""
        with self._lock:
            conn = self.connections.pop(sid, None)
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
        """Dispatch an event to its `on_<event>` handler; `vote` and a participant's `join` go
        to their lean handlers."""
        if event == "vote":
            return self._vote_event(*args)
        if event == "connect":
            return self._connect(*args)
        if event == "disconnect":
            return self._disconnect(*args)
        if event == "join" and len(args) > 1 and isinstance(args[1], dict) and (
                args[1].get("role") == "participant"):
            return self._participant_join_event(*args)
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

    def _participant_join_event(self, sid: str, data: Any = None, *_extra: Any) -> Ack:
        """Join a session as participant: like a vote, a whole room sends this at once and it
        needs no user, so it runs in a plain app context too (the token cookie and the address
        come from the connection's environ)."""
        environ = self.socketio.server.get_environ(sid, namespace=self.namespace)
        if not environ:  # pragma: no cover - the connection is gone
            return {"ok": False, "error": {"code": "not_joined", "message": "not_joined"}}
        with environ["flask.app"].app_context():  # its teardown closes the database session
            return self._run(data, JoinPayload,
                             lambda conn, payload: self._join_participant(conn, payload, sid,
                                                                          environ),
                             needs_join=False, sid=sid)

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
        with force_locale(_locale(conn) if conn else "nl"):
            return {"ok": False, "error": {"code": code, "message": message(code)}}

    # --- handlers ---------------------------------------------------------------------------

    def _join(self, conn: Connection, payload: JoinPayload) -> Ack:
        """A trainer's join (a participant's goes to `_participant_join_event`)."""
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
        self._bind(_sid(), conn, session.id, payload.role, None)
        conn.user_id = user.id
        return {"ok": True, "state": build_state(session, "trainer")}

    def _join_participant(self, conn: Connection, payload: JoinPayload, sid: str,
                          environ: dict[str, Any]) -> Ack:
        """A wrong code counts towards the address's guessing limit (shared with the HTTP
        join); the token comes from the payload or the session's cookie."""
        if not limits.limits().may_guess(conn.address):
            raise Refused("too_many_guesses")
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        joined = joining.join(
            payload.code, lambda session_id: payload.token or cookies.get(
                f"{COOKIE_PREFIX}{session_id}"),
            conn.address, lambda session_id: _announce_limit(environ, session_id))
        if joined is None:
            limits.limits().wrong_code(conn.address)
            raise Refused("unknown_session")
        if joined.created:
            counts.mark_dirty(joined.session_id)
        # The state is read before the commit: after it, every loaded row is expired.
        state = participant_state(joined.session_id, joined.state,
                                  lambda: _session_by_id(joined.session_id),
                                  participant_id=joined.participant_id, new=joined.created)
        ack: Ack = {"ok": True, "state": state}
        db.session.commit()
        if joined.created:
            ack["token"] = joined.token
        self._bind(sid, conn, joined.session_id, "participant", joined.participant_id)
        conn.home = homecoming.away_from(payload.home)
        return homecoming.acknowledge(ack)

    def _bind(self, sid: str, conn: Connection, session_id: int, role: str,
              participant_id: int | None) -> None:
        server = self.socketio.server
        if conn.session_id is not None:
            server.leave_room(sid, broadcast.participant_room(conn.session_id),
                              namespace=self.namespace)
            server.leave_room(sid, broadcast.trainer_room(conn.session_id),
                              namespace=self.namespace)
        room = (broadcast.participant_room(session_id) if role == "participant"
                else broadcast.trainer_room(session_id))
        server.enter_room(sid, room, namespace=self.namespace)
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
    return _session_by_id(conn.session_id, lock=lock)


def _locale(conn: Connection) -> str:
    """The connection's locale (its account's, its session's, else the default), chosen once in
    the request context of its connection."""
    if conn.locale is None:
        with current_app.request_context(conn.environ):
            conn.locale = select_locale()
    return conn.locale


def _session_by_id(session_id: int | None, *, lock: bool = False) -> LiveSession:
    """The session row (locked for update with `lock`); unknown_session when it is gone."""
    session = db.session.get(LiveSession, session_id, with_for_update=lock)
    if session is None:
        raise Refused("unknown_session")
    return session


def _announce_limit(environ: dict[str, Any], session_id: int) -> None:
    """Tell the trainer views that the limit refused a participant; in the connection's request
    context, so their state names the join address with the request's host."""
    with current_app.request_context(environ):
        broadcast.limit_hit(_session_by_id(session_id))
