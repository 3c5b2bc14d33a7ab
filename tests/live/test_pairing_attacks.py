"""The pairing attacks of the review, run against the stored rows and the access log: knowing the
order in which people arrived (an attendance list, a door count, a log), can anyone pair them with
their participant rows, votes or arguments? They must do no better than chance.

On main, participant ids were sequential, votes numbered in order of voting and every time stored
to the microsecond: sorting by id or by time paired every participant (5 of 5 in the review).
"""

from __future__ import annotations

import logging
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from learnplatform.live import engine, services, votes
from learnplatform.live.models import Argument, LiveSession, Participant, Vote
from tests.databases import DATABASES, database_config

N = 40
# Fixed points of a random permutation of N follow Poisson(1): 7 or more happens with
# probability ≈ 8e-5, so a pass means "no better than chance" and a flake is very unlikely.
CHANCE_BOUND = 6


@pytest.fixture(params=DATABASES)
def app_config(app_config: dict[str, Any], request: pytest.FixtureRequest
               ) -> Iterator[dict[str, Any]]:
    """The live test configuration, on SQLite and on PostgreSQL."""
    yield from database_config(app_config, request.param)


def _correct_pairings(arrival: list[int], guess: list[int]) -> int:
    return sum(a == g for a, g in zip(arrival, guess, strict=True))


@pytest.fixture
def room(make_user: Callable[..., User],
         make_session: Callable[..., LiveSession]) -> tuple[LiveSession, list[int]]:
    """A session that N participants joined one after another; their ids in order of arrival."""
    session = make_session(make_user(Role.TRAINER))
    arrival = []
    for _ in range(N):
        participant, _token, _created = services.join_participant(session, None)
        db.session.commit()
        arrival.append(participant.id)
    return session, arrival


def test_sorting_participants_by_id_pairs_no_better_than_chance(
    room: tuple[LiveSession, list[int]]
) -> None:
    session, arrival = room
    by_id = list(db.session.scalars(select(Participant.id).where(
        Participant.session_id == session.id).order_by(Participant.id)))
    assert _correct_pairings(arrival, by_id) <= CHANCE_BOUND


def test_sorting_participants_by_time_pairs_no_better_than_chance(
    room: tuple[LiveSession, list[int]]
) -> None:
    session, arrival = room
    rows = db.session.execute(select(Participant.created_at, Participant.id).where(
        Participant.session_id == session.id)).all()
    assert all(t.minute == t.second == t.microsecond == 0 for t, _id in rows)
    by_time = [pid for _t, pid in sorted(rows)]
    assert _correct_pairings(arrival, by_time) <= CHANCE_BOUND


def test_sorting_votes_by_id_or_time_pairs_no_better_than_chance(
    room: tuple[LiveSession, list[int]]
) -> None:
    session, arrival = room
    services.execute(session, engine.Start())
    services.execute(session, engine.OpenVote())
    db.session.commit()
    for participant_id in arrival:  # everyone votes in the order they arrived
        votes.cast_vote_by_id(session.id, participant_id, None, "melden")
        db.session.commit()

    rows = db.session.execute(select(Vote.updated_at, Vote.id, Vote.participant_id)).all()
    assert all(t.minute == t.second == t.microsecond == 0 for t, _vid, _pid in rows)
    by_vote_id = [pid for _t, _vid, pid in sorted(rows, key=lambda row: row[1])]
    by_vote_time = [pid for _t, _vid, pid in sorted(rows)]
    assert _correct_pairings(arrival, by_vote_id) <= CHANCE_BOUND
    assert _correct_pairings(arrival, by_vote_time) <= CHANCE_BOUND


def test_arguments_keep_no_moment(room: tuple[LiveSession, list[int]]) -> None:
    session, _arrival = room
    for command in (engine.Start(), engine.OpenVote(), engine.CloseVote(), engine.Reveal()):
        services.execute(session, command)
    for n in range(3):
        services.add_argument(session, f"argument {n}")
    db.session.commit()
    times = db.session.scalars(select(Argument.created_at)).all()
    assert all(t.minute == t.second == t.microsecond == 0 for t in times)


# --- the access log -----------------------------------------------------------------------------


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def served(app: Flask) -> Iterator[tuple[str, _Lines]]:
    """The app behind Werkzeug's real request handler (access log included) on a free port."""
    lines = _Lines()
    werkzeug_log = logging.getLogger("werkzeug")
    level = werkzeug_log.level
    werkzeug_log.setLevel(logging.INFO)
    werkzeug_log.addHandler(lines)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", lines
    finally:
        server.shutdown()
        thread.join()
        werkzeug_log.removeHandler(lines)
        werkzeug_log.setLevel(level)


def _fetch(url: str, data: dict[str, str] | None = None) -> Any:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)  # noqa: S310 - a local test server
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 - a local test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_access_log_cannot_pair_a_sign_up_with_a_vote(
    served: tuple[str, _Lines], make_user: Callable[..., User],
    make_session: Callable[..., LiveSession],
) -> None:
    base, log = served
    session = make_session(make_user(Role.TRAINER), attendance=True)
    code = session.code
    for _phone in range(3):
        assert _fetch(f"{base}/live/{code}") == 200
        _fetch(f"{base}/live/{code}/aanwezig", {"name": "Jan"})
        _fetch(f"{base}/live/{code}/stem", {"option": "melden"})
        _fetch(f"{base}/live/{code}/argument", {"text": "omdat"})
        _fetch(f"{base}/deelnemen", {"code": code})
        _fetch(f"{base}/socket.io/?EIO=4&transport=polling")
    assert _fetch(f"{base}/privacy") == 200

    assert any("/privacy" in line for line in log.lines)  # the access log does work
    participant_lines = [line for line in log.lines
                         if code in line or "/deelnemen" in line or "/socket.io/" in line]
    assert participant_lines == []
