"""Property-based: every socket event answers any payload with an acknowledgement, never a server
error, and an input it refuses changes nothing in the database."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from learnplatform.extensions import db
from learnplatform.live.models import LiveSession
from tests.live.conftest import Sock

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=8,
)
VALUE = st.none() | st.booleans() | st.integers(-5, 10**7) | st.text(max_size=300) | JSON
KEYS = ["code", "role", "token", "round", "option", "text", "name", "timer", "seconds",
        "variation", "argument", "action"]
NEAR_VALID = st.dictionaries(st.sampled_from(KEYS), VALUE | st.sampled_from(
    ["0:0", "1:0", "melden", "aannemen", "start", "open_vote", "reveal", "show", "hide",
     "participant", "control", "presenter", "123456", "thuisbezorgd", 5, 600, 0, -1]),
    max_size=5)
PAYLOAD = NEAR_VALID | JSON
EVENTS = ["join", "vote", "argument", "command", "moderate"]
RELAXED = settings(max_examples=120, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])


def _fingerprint() -> str:
    """A digest of every row of every table (what "nothing changed" means)."""
    db.session.rollback()
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode())
    db.session.rollback()
    return digest.hexdigest()


def _check(sock: Sock, event: str, payload: Any) -> None:
    before = _fingerprint()
    ack = sock.call(event, payload)
    assert isinstance(ack, dict), ack
    assert ack.get("ok") in (True, False), ack
    if ack["ok"] is False:
        assert ack["error"]["code"] != "server_error", (event, payload)
        assert ack["error"]["message"]
        assert _fingerprint() == before, (event, payload, ack)


@RELAXED
@given(event=st.sampled_from(EVENTS), payload=PAYLOAD)
def test_a_participant_socket_survives_any_payload(
    app: Flask, control: tuple[Sock, LiveSession], participant: Any, event: str, payload: Any
) -> None:
    ctrl, session = control
    if not hasattr(session, "_phone"):
        ctrl.call("command", {"name": "start"})
        ctrl.call("command", {"name": "open_vote"})
        session._phone = participant(session.code)  # type: ignore[attr-defined]
    _check(session._phone, event, payload)  # type: ignore[attr-defined]


@RELAXED
@given(event=st.sampled_from(EVENTS), payload=PAYLOAD)
def test_a_trainer_socket_survives_any_payload(
    app: Flask, control: tuple[Sock, LiveSession], event: str, payload: Any
) -> None:
    ctrl, _session = control
    _check(ctrl, event, payload)
