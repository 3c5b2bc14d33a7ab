"""The attendance list of a live session: names (and optional roles), unlinkable to votes.

Kept apart from participants on purpose: an entry has a random id, no token, no participant id
and no time of its own (the session's date stands for all), and lists and exports are in
alphabetical order. So neither id order, time order nor storage order pairs a name with a
participant row and its votes (see docs/privacy.md and tests/live/test_attendance_unlinkable.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from learnplatform.extensions import db
from learnplatform.live.engine import IllegalCommand
from learnplatform.live.models import AttendanceEntry, LiveSession

NAME_MAX = 120
# Roles a participant may give (stored as these codes; labels live in live/labels.py).
ROLES = ("raadslid", "wethouder", "burgemeester", "griffier", "statenlid", "gedeputeerde",
         "ab-lid", "db-lid", "burgerlid", "commissielid", "ambtenaar", "anders")


@dataclass(frozen=True)
class Attendee:
    """One line of the attendance list as shown and exported."""

    name: str
    role: str | None


def add(session: LiveSession, name: str, role: str | None = None) -> AttendanceEntry:
    """Put a name (and an optional role from `ROLES`) on the list; refuses bad input."""
    # control, bidi and zero-width characters fail isprintable(): such a name is refused
    clean = " ".join(str(name).split())
    if not 1 <= len(clean) <= NAME_MAX or not clean.isprintable():
        raise IllegalCommand("bad_payload", f"a name has 1 to {NAME_MAX} characters")
    if role in ("", None):
        role = None
    elif role not in ROLES:
        raise IllegalCommand("bad_payload", "unknown role")
    entry = AttendanceEntry(session_id=session.id, name=clean, role=role)
    db.session.add(entry)
    db.session.flush()
    return entry


def attendees(session_id: int) -> list[Attendee]:
    """The list, alphabetically by name then role (never in the order people joined)."""
    rows = db.session.execute(
        select(AttendanceEntry.name, AttendanceEntry.role)
        .where(AttendanceEntry.session_id == session_id)).all()
    return sorted((Attendee(name, role) for name, role in rows),
                  key=lambda a: (a.name.casefold(), a.name, a.role or ""))


def count(session_id: int) -> int:
    """How many names are on the list."""
    return len(attendees(session_id))


def erase(session_id: int) -> int:
    """Delete every name on a session's list (after it has been filed); returns how many."""
    result = db.session.execute(
        delete(AttendanceEntry).where(AttendanceEntry.session_id == session_id))
    return int(getattr(result, "rowcount", 0) or 0)
