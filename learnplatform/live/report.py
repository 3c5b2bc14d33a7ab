"""The report of a session for the organisation's files: title, organisation, trainer, date and
times, numbers of participants; per dilemma and round the counts, percentages and the shift from
the previous round, plus the arguments that were shown. Aggregates only: no participant, token
or name appears in it (the attendance list counts, its names are a separate export).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from learnplatform.auth.models import Organisation, User
from learnplatform.extensions import db
from learnplatform.live import attendance, services, votes
from learnplatform.live.engine import RoundStatus
from learnplatform.live.exports import Cell, Table
from learnplatform.live.models import ArgumentStatus, LiveSession, VoteRound
from learnplatform.live.snapshot import played_variations

TIMEZONE = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class ReportHeader:
    """The facts at the top of the report."""

    title: str
    organisation: str
    trainer: str
    date: date
    start: datetime | None
    end: datetime | None
    duration_minutes: int | None
    participants: int  # real participants (simulated ones of a rehearsal not counted)
    simulated: int
    attendance: int | None  # names on the list, None when no list was kept


@dataclass(frozen=True)
class OptionLine:
    """One option in one round."""

    option: str
    label: str
    count: int
    percent: int
    shift: int | None  # percentage points against the previous round; None in the first


@dataclass(frozen=True)
class RoundReport:
    """One vote on a dilemma."""

    key: str
    number: int
    variation: str | None
    status: str
    total: int
    lines: list[OptionLine]


@dataclass
class ItemReport:
    """One dilemma of the session."""

    index: int
    title: str
    rounds: list[RoundReport] = field(default_factory=list)
    arguments: list[str] = field(default_factory=list)


def build_report(session: LiveSession) -> list[ItemReport]:
    """Counts, percentages and shifts per dilemma and round, with the shown arguments."""
    state = services.load_state(session)
    counts = votes.counts_by_round(session.id)
    shown = services.arguments_of(session.id, ArgumentStatus.SHOWN)
    report = []
    for index, item in enumerate(state.items):
        scenario = services.resolve_scenario(item.scenario_id)
        labels = {o.id: o.label for o in scenario.options} if scenario else {}
        variations = {v["id"]: v["text"] for v in played_variations(scenario, state, index)}
        entry = ItemReport(index, scenario.title if scenario else item.scenario_id)
        previous: dict[str, int] | None = None
        for rnd in state.rounds_of(index):
            if rnd.status is RoundStatus.PENDING:
                continue
            results, total = votes.results(item.option_ids, counts.get(rnd.key, {}))
            lines = [OptionLine(r.option, labels.get(r.option, r.option), r.count, r.percent,
                                None if previous is None else r.percent - previous[r.option])
                     for r in results]
            entry.rounds.append(RoundReport(
                rnd.key, rnd.number, variations.get(rnd.variation_id or ""),
                rnd.status.value, total, lines))
            previous = {r.option: r.percent for r in results}
        keys = {r.key for r in state.rounds_of(index)}
        entry.arguments = [a.text for a in shown if a.round_key in keys]
        report.append(entry)
    return report


def _when(moment: datetime | None) -> datetime | None:
    """A stored UTC time in the Netherlands' time zone."""
    return moment.astimezone(TIMEZONE) if moment is not None else None


def build_header(session: LiveSession) -> ReportHeader:
    """Who, when and how many: the facts at the top of the report."""
    organisation = (db.session.get(Organisation, session.organisation_id)
                    if session.organisation_id else None)
    owner = db.session.get(User, session.owner_id) if session.owner_id else None
    first_opened = db.session.scalar(select(func.min(VoteRound.opened_at))
                                     .where(VoteRound.session_id == session.id))
    start = _when(session.started_at or first_opened)
    end = _when(session.ended_at)
    duration = round((end - start).total_seconds() / 60) if start and end else None
    simulated = session.simulated_participants or 0
    return ReportHeader(
        title=session.title,
        organisation=organisation.name if organisation else "",
        trainer=owner.name if owner else "",
        date=(start or _when(session.created_at) or datetime.now(UTC)).date(),
        start=start, end=end, duration_minutes=duration,
        participants=max(0, votes.participant_count(session.id) - simulated),
        simulated=simulated,
        attendance=attendance.count(session.id) if session.attendance_enabled else None,
    )


def _time(moment: datetime | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def report_tables(session: LiveSession) -> list[Table]:
    """The report as tables with headers in the current language: session, votes, arguments."""
    header = build_header(session)
    items = build_report(session)
    facts: list[tuple[str, Cell]] = [
        (_("Titel"), header.title), (_("Organisatie"), header.organisation),
        (_("Trainer"), header.trainer), (_("Datum"), header.date.strftime("%d-%m-%Y")),
        (_("Begintijd"), _time(header.start)), (_("Eindtijd"), _time(header.end)),
        (_("Duur (minuten)"), header.duration_minutes),
        (_("Aantal deelnemers"), header.participants),
    ]
    if header.simulated:
        facts.append((_("Gesimuleerde deelnemers (oefensessie)"), header.simulated))
    if header.attendance is not None:
        facts.append((_("Namen op de presentielijst"), header.attendance))
    vote_rows: list[list[Cell]] = []
    for item in items:
        for rnd in item.rounds:
            for line in rnd.lines:
                vote_rows.append([item.index + 1, item.title, rnd.number + 1, rnd.variation or "",
                                  line.label, line.count, line.percent,
                                  "" if line.shift is None else line.shift, rnd.total])
    argument_rows: list[list[Cell]] = [[item.index + 1, item.title, text]
                                       for item in items for text in item.arguments]
    return [
        Table(_("Sessie"), [_("Gegeven"), _("Waarde")], [list(f) for f in facts]),
        Table(_("Stemmingen"), [_("Nr."), _("Dilemma"), _("Ronde"), _("Variant"), _("Keuze"),
                                _("Stemmen"), _("Procent"), _("Verschuiving (procentpunt)"),
                                _("Totaal stemmen")], vote_rows),
        Table(_("Argumenten"), [_("Nr."), _("Dilemma"), _("Getoond argument")], argument_rows),
    ]
