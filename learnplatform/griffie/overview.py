"""Who completed what: the griffie's overview built from completion facts only (pure logic).

The input is deliberately narrow: which modules a member started (at least one block done),
which they completed and when, and their track certificates. No answer, reflection, self-scan
result or vote ever reaches this module, so no griffie page or export can show one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from learnplatform.content.schema import Track

EXPIRING_WITHIN = timedelta(days=90)


class Status(enum.StrEnum):
    """A member's state in a module or a track."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class CertificateState(enum.StrEnum):
    """Validity of a member's latest certificate for a track."""

    NONE = "none"
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"


@dataclass(frozen=True)
class CertificateFact:
    """One track certificate: when it was issued and until when it is valid (None: no end)."""

    issued_at: datetime
    valid_until: datetime | None


@dataclass(frozen=True)
class MemberFacts:
    """Completion facts of one member; nothing else about their learning."""

    user_id: int
    name: str
    email: str
    office_role: str | None
    started: frozenset[str] = frozenset()
    completed: Mapping[str, datetime] = field(default_factory=dict)
    certificates: Mapping[str, CertificateFact] = field(default_factory=dict)
    invitation_open: bool = False


@dataclass(frozen=True)
class ModuleCell:
    """A member's state in one module of the track."""

    module_id: str
    status: Status
    completed_at: datetime | None = None


@dataclass(frozen=True)
class MemberRow:
    """One line of the overview: a member's progress in one track."""

    member: MemberFacts
    status: Status
    modules: tuple[ModuleCell, ...]
    completed_at: datetime | None
    certificate: CertificateState
    valid_until: datetime | None

    @property
    def done(self) -> int:
        """Number of the track's modules completed."""
        return sum(1 for cell in self.modules if cell.status is Status.COMPLETED)


@dataclass(frozen=True)
class ModuleAggregate:
    """How many members started and completed one module of the track."""

    module_id: str
    started: int
    completed: int


def certificate_state(fact: CertificateFact | None, now: datetime) -> CertificateState:
    """Valid, expiring within 90 days, expired, or none."""
    if fact is None:
        return CertificateState.NONE
    if fact.valid_until is None or fact.valid_until - now > EXPIRING_WITHIN:
        return CertificateState.VALID
    return CertificateState.EXPIRING if fact.valid_until > now else CertificateState.EXPIRED


def _cell(member: MemberFacts, module_id: str) -> ModuleCell:
    if module_id in member.completed:
        return ModuleCell(module_id, Status.COMPLETED, member.completed[module_id])
    if module_id in member.started:
        return ModuleCell(module_id, Status.IN_PROGRESS)
    return ModuleCell(module_id, Status.NOT_STARTED)


def member_row(track: Track, member: MemberFacts, now: datetime) -> MemberRow:
    """A member's progress in `track`: per module, overall, and the certificate's validity."""
    cells = tuple(_cell(member, step.module) for step in track.steps)
    certificate = member.certificates.get(track.id)
    if all(c.status is Status.COMPLETED for c in cells):
        status = Status.COMPLETED
        dates = [c.completed_at for c in cells if c.completed_at is not None]
        completed_at = certificate.issued_at if certificate else max(dates, default=None)
    else:
        active = any(c.status is not Status.NOT_STARTED for c in cells)
        status = Status.IN_PROGRESS if active else Status.NOT_STARTED
        completed_at = None
    return MemberRow(
        member=member, status=status, modules=cells, completed_at=completed_at,
        certificate=certificate_state(certificate, now),
        valid_until=certificate.valid_until if certificate else None,
    )


def build_rows(track: Track, members: Iterable[MemberFacts], now: datetime) -> list[MemberRow]:
    """One row per member for `track`."""
    return [member_row(track, member, now) for member in members]


def filter_rows(
    rows: Iterable[MemberRow], status: str = "", role: str = "", text: str = ""
) -> list[MemberRow]:
    """Rows matching a status, an office role and a search text (name or e-mail)."""
    needle = text.strip().lower()
    return [
        row for row in rows
        if (not status or row.status.value == status)
        and (not role or (row.member.office_role or "") == role)
        and (not needle or needle in row.member.name.lower() or needle in row.member.email.lower())
    ]


SORT_KEYS = ("name", "status", "progress", "certificate")
_STATUS_ORDER = {Status.NOT_STARTED: 0, Status.IN_PROGRESS: 1, Status.COMPLETED: 2}


def sort_rows(rows: Sequence[MemberRow], key: str) -> list[MemberRow]:
    """Rows sorted by name (default), status, progress (least first) or certificate end date."""

    def by_name(row: MemberRow) -> tuple[str, int]:
        return row.member.name.lower(), row.member.user_id

    if key == "status":
        return sorted(rows, key=lambda r: (_STATUS_ORDER[r.status], *by_name(r)))
    if key == "progress":
        return sorted(rows, key=lambda r: (r.done, *by_name(r)))
    if key == "certificate":
        def until(row: MemberRow) -> tuple[int, float, str, int]:
            if row.valid_until is None:
                return (1 if row.certificate is CertificateState.NONE else 0, 0.0, *by_name(row))
            return (0, row.valid_until.timestamp(), *by_name(row))
        return sorted(rows, key=until)
    return sorted(rows, key=by_name)


def aggregates(track: Track, rows: Sequence[MemberRow]) -> list[ModuleAggregate]:
    """Per module of the track: members who started it and who completed it."""
    result = []
    for index, step in enumerate(track.steps):
        cells = [row.modules[index] for row in rows]
        result.append(ModuleAggregate(
            module_id=step.module,
            started=sum(1 for c in cells if c.status is not Status.NOT_STARTED),
            completed=sum(1 for c in cells if c.status is Status.COMPLETED),
        ))
    return result
