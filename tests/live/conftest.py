"""Fixtures for live sessions: test content, sessions, trainer and participant socket clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db as _db
from learnplatform.extensions import socketio
from learnplatform.live import services
from learnplatform.live.clock import use_clock
from learnplatform.live.models import LiveSession
from tests.live.clock import ManualClock

CONTENT = Path(__file__).parent / "content"
NS = "/live"


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Test content; the background loops and count interval are production's."""
    return {**app_config, "CONTENT_ROOT": str(CONTENT)}


@pytest.fixture(autouse=True)
def live_clock(app: Flask) -> Iterator[ManualClock]:
    """The clock of the live loops: they run for real, and time moves only with advance()."""
    clock = ManualClock()
    use_clock(app, clock)
    yield clock
    clock.stop()


@pytest.fixture(autouse=True)
def _fresh_user_per_request(app: Flask) -> None:
    """The shared test app context would cache the logged-in user in `g` across clients; in
    production every request has its own `g`, so forget it before each request."""

    @app.before_request
    def forget_cached_user() -> None:
        g.pop("_login_user", None)


@pytest.fixture
def trainer(login_as: Callable[..., User]) -> User:
    """A trainer logged in on the `client` fixture."""
    return login_as(Role.TRAINER)


@pytest.fixture
def outsider(make_user: Callable[..., User]) -> User:
    """A trainer of another organisation."""
    from learnplatform.auth.models import Organisation, OrganisationKind

    other = Organisation(name="Waterschap Elders", kind=OrganisationKind.WATERSCHAP)
    _db.session.add(other)
    _db.session.commit()
    return make_user(Role.TRAINER, org=other)


@pytest.fixture
def browser_of(app: Flask) -> Callable[[User], FlaskClient]:
    """Factory: browser_of(user) is a fresh HTTP client logged in as that user."""
    from tests.conftest import PASSWORD

    def factory(user: User) -> FlaskClient:
        http = app.test_client()
        http.post("/inloggen", data={"email": user.email, "password": PASSWORD})
        return http

    return factory


@pytest.fixture
def make_session(app: Flask) -> Callable[..., LiveSession]:
    """Factory: make_session(owner, refs=("gift", "threat"), **options) creates and commits."""

    def factory(owner: User, refs: tuple[str, ...] = ("gift", "threat"),
                **options: Any) -> LiveSession:
        session = services.create_session(owner, "Raadsavond", refs, **options)
        _db.session.commit()
        return session

    return factory


class Sock:
    """A Socket.IO test client on /live with a helper that returns the acknowledgement."""

    def __init__(self, app: Flask, http: FlaskClient) -> None:
        self.http = http
        self.client = socketio.test_client(app, namespace=NS, flask_test_client=http)
        self.received: list[dict[str, Any]] = []

    def call(self, event: str, payload: Any = None) -> Any:
        """Emit with an acknowledgement and return it."""
        return self.client.emit(event, payload, namespace=NS, callback=True)

    def drain(self) -> list[dict[str, Any]]:
        """Every message received since the last drain (kept in `received` too)."""
        messages = self.client.get_received(NS)
        self.received.extend(messages)
        return messages

    def events(self, name: str) -> list[Any]:
        """Payloads of one event name received so far."""
        self.drain()
        return [m["args"][0] for m in self.received if m["name"] == name]

    def disconnect(self) -> None:
        """Close the connection."""
        self.client.disconnect(namespace=NS)


@pytest.fixture
def sock(app: Flask) -> Callable[[FlaskClient], Sock]:
    """Factory: a socket client sharing the cookies of an HTTP test client."""

    def factory(http: FlaskClient) -> Sock:
        return Sock(app, http)

    return factory


@pytest.fixture
def control(app: Flask, client: FlaskClient, trainer: User,
            make_session: Callable[..., LiveSession], sock: Callable[[FlaskClient], Sock]
            ) -> tuple[Sock, LiveSession]:
    """A started-in-lobby session and its owner's control socket, joined."""
    session = make_session(trainer)
    control = sock(client)
    ack = control.call("join", {"code": session.code, "role": "control"})
    assert ack["ok"], ack
    return control, session


@pytest.fixture
def participant(app: Flask, sock: Callable[[FlaskClient], Sock]) -> Callable[[str], Sock]:
    """Factory: a participant who opened /live/<code> (token cookie) and joined over the socket."""

    def factory(code: str) -> Sock:
        http = app.test_client()
        assert http.get(f"/live/{code}").status_code == 200
        p = sock(http)
        ack = p.call("join", {"code": code, "role": "participant"})
        assert ack["ok"], ack
        return p

    return factory
