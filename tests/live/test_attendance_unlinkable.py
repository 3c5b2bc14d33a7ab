"""The pairing attack against the attendance list: can anyone holding the database (or the
exports) link a name to a participant row, and so to that participant's votes?

Sixty participants join one by one; each writes their name on the list right after joining and
then votes. The attacker knows the participants' order completely (as if participant ids and
join times were sequential; this test does not rely on the participant side being random) and
pairs it with every order the attendance side offers: its ids, its storage order, its exports.
A random pairing of 60 gets about one right; the attack must do no better than that.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import DateTime, inspect, select, text

from learnplatform.auth.models import User
from learnplatform.live import attendance, engine, services, votes
from learnplatform.live.models import AttendanceEntry, LiveSession, Participant

N = 60
# For a random pairing the number of correct pairs is about Poisson(1): P(>= 8) ~ 1e-5.
CHANCE_LIMIT = 8
FIRST = ["Anna", "Bram", "Cas", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Joris",
         "Kim", "Lars", "Mila", "Noor", "Olaf"]
LAST = ["Bakker", "de Jong", "Visser", "Smit"]


def _correct(pairs: list[tuple[int, str]], truth: dict[int, str]) -> int:
    return sum(1 for participant_id, name in pairs if truth[participant_id] == name)


def test_no_order_on_the_attendance_side_pairs_names_with_participants(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer, ("gift",), attendance=True)
    services.execute(session, engine.Start())
    services.execute(session, engine.OpenVote())
    db.session.commit()
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    random.Random(12).shuffle(names)  # noqa: S311 - test data: arrival in no alphabetical order
    truth: dict[int, str] = {}
    for name in names[:N]:
        participant, _token, _created = services.join_participant(session, None)
        db.session.commit()
        attendance.add(session, name)
        db.session.commit()
        votes.cast_vote(session, participant.id, "0:0", "aannemen")
        db.session.commit()
        truth[participant.id] = name

    # The attacker's view of the participants: in join order (whatever the ids look like).
    joined = list(truth)

    # 1. attendance ordered by its id
    by_id = list(db.session.scalars(select(AttendanceEntry.name)
                                    .where(AttendanceEntry.session_id == session.id)
                                    .order_by(AttendanceEntry.id)))
    # 2. attendance in storage order (no ORDER BY: SQLite returns the rows as stored)
    stored = [row[0] for row in db.session.execute(
        text("SELECT name FROM live_attendance WHERE session_id = :s"), {"s": session.id})]
    # 3. the list as shown and exported
    listed = [a.name for a in attendance.attendees(session.id)]
    raw = client.get(f"/live/sessies/{session.id}/presentielijst.csv")
    assert raw.status_code == 404  # not before the end ...
    services.execute(session, engine.End())
    db.session.commit()
    exported = [row[0] for row in csv.reader(io.StringIO(client.get(
        f"/live/sessies/{session.id}/presentielijst.csv").get_data().decode("utf-8-sig")),
        delimiter=";")][1:]
    assert sorted(exported) == sorted(names[:N])

    for attack in (by_id, stored, listed, exported):
        assert len(attack) == N
        assert _correct(list(zip(joined, attack, strict=True)), truth) < CHANCE_LIMIT

    # 4. by time: the attendance table has no time at all, and no column it shares with the
    # participant or vote tables except the session it belongs to.
    columns = {c["name"]: c for c in inspect(db.engine).get_columns("live_attendance")}
    assert not [c for c in columns.values() if isinstance(c["type"], DateTime)]
    assert set(columns) == {"id", "session_id", "name", "role"}
    participant_columns = {c["name"] for c in inspect(db.engine).get_columns("live_participant")}
    assert set(columns) & participant_columns == {"id", "session_id"}
    # ... and the ids live in different spaces: random text versus the participant's own id.
    ids = list(db.session.scalars(select(AttendanceEntry.id)))
    participant_ids = {str(p) for p in db.session.scalars(select(Participant.id))}
    assert not set(ids) & participant_ids
    assert all(len(i) >= 20 for i in ids)
