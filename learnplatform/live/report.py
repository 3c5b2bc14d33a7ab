"""The trainer's report of a session: per dilemma and round the counts, percentages and the shift
from the previous round, plus the arguments that were shown. Aggregates only: no participant,
token or attendance data appears in it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from learnplatform.live import services, votes
from learnplatform.live.engine import RoundStatus
from learnplatform.live.models import ArgumentStatus, LiveSession


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
        variations = {v.id: v.text for v in scenario.variations} if scenario else {}
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


def _cell(value: object) -> str:
    """Neutralise spreadsheet formulas in text cells."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_csv(session: LiveSession) -> str:
    """The report as CSV: one line per dilemma, round and option; then the shown arguments."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["dilemma", "ronde", "variant", "keuze", "stemmen", "procent",
                     "verschuiving_procentpunt", "totaal"])
    items = build_report(session)
    for item in items:
        for rnd in item.rounds:
            for line in rnd.lines:
                writer.writerow([_cell(item.title), rnd.number + 1, _cell(rnd.variation or ""),
                                 _cell(line.label), line.count, line.percent,
                                 "" if line.shift is None else line.shift, rnd.total])
    writer.writerow([])
    writer.writerow(["dilemma", "getoond_argument"])
    for item in items:
        for text in item.arguments:
            writer.writerow([_cell(item.title), _cell(text)])
    return out.getvalue()
