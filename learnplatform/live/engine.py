"""The live-session state machine: pure, no Flask, no database.

`apply(state, command, now)` returns the next state and the events it caused, or raises
`IllegalCommand` with a stable error code; the state is never changed in place. The service layer
persists the new state and broadcasts the events after the database commit.

Flow per dilemma (an *item*): situation → voting → closed → revealed → discussion, then either a
"Maar wat als…?" variation (a new *round* of the same item, back to situation) or the next item.
After the last item: summary → ended.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any


class Phase(enum.StrEnum):
    """Where the session is."""

    LOBBY = "lobby"
    SITUATION = "situation"
    VOTING = "voting"
    CLOSED = "closed"
    REVEALED = "revealed"
    DISCUSSION = "discussion"
    SUMMARY = "summary"
    ENDED = "ended"


class RoundStatus(enum.StrEnum):
    """The life of one vote."""

    PENDING = "pending"
    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"


MAX_TIMER_SECONDS = 600
ADHOC_MAX = 200  # characters of a variation the trainer types during the session
ADHOC_PREFIX = "adhoc-"
MAX_ROUNDS_PER_ITEM = 20


class IllegalCommand(Exception):  # noqa: N818 - a domain outcome, not a programming error
    """A command that is not allowed in the current state; `code` is stable and documented."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# --- structure -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One dilemma in the session: its scenario, its option ids and its variation ids."""

    scenario_id: str
    option_ids: tuple[str, ...]
    variation_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Round:
    """One vote on an item: number 0 is the first vote, 1.. follow a variation."""

    item: int
    number: int
    variation_id: str | None = None
    status: RoundStatus = RoundStatus.PENDING
    text: str | None = None  # the trainer's own words of an ad-hoc variation

    @property
    def key(self) -> str:
        """Stable identifier of the round within its session, e.g. '2:1'."""
        return f"{self.item}:{self.number}"


@dataclass(frozen=True)
class SessionState:
    """Everything the engine needs to decide the next step."""

    items: tuple[Item, ...]
    phase: Phase = Phase.LOBBY
    item: int = -1
    rounds: tuple[Round, ...] = ()
    timer_ends_at: float | None = None
    version: int = 0

    @property
    def current_round(self) -> Round | None:
        """The latest round of the current item, if any."""
        mine = [r for r in self.rounds if r.item == self.item]
        return mine[-1] if mine else None

    def rounds_of(self, item: int) -> tuple[Round, ...]:
        """All rounds of one item, in order."""
        return tuple(r for r in self.rounds if r.item == item)

    @property
    def voting_open(self) -> bool:
        """True while participants may vote (or change their vote)."""
        return self.phase is Phase.VOTING

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe representation for persistence."""
        return {
            "items": [
                {"scenario_id": i.scenario_id, "option_ids": list(i.option_ids),
                 "variation_ids": list(i.variation_ids)}
                for i in self.items
            ],
            "phase": self.phase.value,
            "item": self.item,
            "rounds": [
                {"item": r.item, "number": r.number, "variation_id": r.variation_id,
                 "status": r.status.value, **({"text": r.text} if r.text is not None else {})}
                for r in self.rounds
            ],
            "timer_ends_at": self.timer_ends_at,
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionState:
        """Rebuild a state persisted with `to_dict`."""
        return cls(
            items=tuple(
                Item(i["scenario_id"], tuple(i["option_ids"]), tuple(i.get("variation_ids", ())))
                for i in data["items"]
            ),
            phase=Phase(data["phase"]),
            item=int(data["item"]),
            rounds=tuple(
                Round(r["item"], r["number"], r.get("variation_id"), RoundStatus(r["status"]),
                      r.get("text"))
                for r in data["rounds"]
            ),
            timer_ends_at=data.get("timer_ends_at"),
            version=int(data.get("version", 0)),
        )


# --- commands ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Start:
    """Leave the lobby and show the first dilemma."""


@dataclass(frozen=True)
class OpenVote:
    """Open (or reopen) the vote on the current round, optionally with a timer."""

    timer_seconds: int | None = None


@dataclass(frozen=True)
class CloseVote:
    """Close the vote without revealing the spread."""


@dataclass(frozen=True)
class Reveal:
    """Show the spread of the current round (closes the vote if still open)."""


@dataclass(frozen=True)
class Discuss:
    """Move from the revealed spread to the discussion."""


@dataclass(frozen=True)
class StartVariation:
    """'Maar wat als…?': add a fact and start a new round on the same dilemma."""

    variation_id: str


@dataclass(frozen=True)
class StartAdHocVariation:
    """'Maar wat als…?' in the trainer's own words, typed during the session: a new round."""

    text: str


@dataclass(frozen=True)
class Next:
    """Go to the next dilemma, or to the summary after the last."""


@dataclass(frozen=True)
class Previous:
    """Go back to the previous dilemma (its votes are kept)."""


@dataclass(frozen=True)
class Finish:
    """Jump to the summary."""


@dataclass(frozen=True)
class End:
    """Close the session for good."""


@dataclass(frozen=True)
class SetTimer:
    """Set or clear the timer of the open vote."""

    seconds: int | None


@dataclass(frozen=True)
class Tick:
    """Time passes: closes the vote when its timer has run out."""


Command = (
    Start | OpenVote | CloseVote | Reveal | Discuss | StartVariation | StartAdHocVariation | Next
    | Previous | Finish | End | SetTimer | Tick
)

# --- events --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseChanged:
    """The session moved to another phase, item or round."""

    phase: Phase
    item: int
    round_key: str | None


@dataclass(frozen=True)
class VoteOpened:
    """Participants may now vote on `round_key`."""

    round_key: str
    timer_ends_at: float | None


@dataclass(frozen=True)
class VoteClosed:
    """No more votes on `round_key`."""

    round_key: str


@dataclass(frozen=True)
class RoundRevealed:
    """The spread of `round_key` may now be shown to everyone."""

    round_key: str


@dataclass(frozen=True)
class RoundCreated:
    """A new round exists (first vote of an item or after a variation)."""

    round_key: str
    item: int
    number: int
    variation_id: str | None
    text: str | None = None


@dataclass(frozen=True)
class TimerChanged:
    """The timer of the open vote changed."""

    timer_ends_at: float | None


@dataclass(frozen=True)
class SessionEnded:
    """The session is over; nothing can change any more."""


Event = (
    PhaseChanged | VoteOpened | VoteClosed | RoundRevealed | RoundCreated | TimerChanged
    | SessionEnded
)

# --- transitions ---------------------------------------------------------------------------


@dataclass
class _Step:
    """Mutable scratch space for one transition."""

    state: SessionState
    events: list[Event] = field(default_factory=list)

    def set(self, **changes: Any) -> None:
        self.state = replace(self.state, **changes)

    def replace_round(self, new: Round) -> None:
        rounds = tuple(new if r.key == new.key else r for r in self.state.rounds)
        self.set(rounds=rounds)

    def go_to_item(self, index: int) -> None:
        existing = self.state.rounds_of(index)
        if existing:
            last = existing[-1]
            phase = Phase.REVEALED if last.status is RoundStatus.REVEALED else Phase.SITUATION
            self.set(item=index, phase=phase, timer_ends_at=None)
            self.events.append(PhaseChanged(phase, index, last.key))
            return
        new = Round(item=index, number=0)
        self.set(item=index, phase=Phase.SITUATION, rounds=self.state.rounds + (new,),
                 timer_ends_at=None)
        self.events.append(RoundCreated(new.key, index, 0, None))
        self.events.append(PhaseChanged(Phase.SITUATION, index, new.key))

    def new_variation_round(self, variation_id: str, text: str | None) -> None:
        state = self.state
        number = len(state.rounds_of(state.item))
        new = Round(item=state.item, number=number, variation_id=variation_id, text=text)
        self.set(rounds=state.rounds + (new,), phase=Phase.SITUATION)
        self.events.append(RoundCreated(new.key, state.item, number, variation_id, text))
        self.events.append(PhaseChanged(Phase.SITUATION, state.item, new.key))

    def close_open_round(self) -> None:
        current = self.state.current_round
        if current is not None and current.status is RoundStatus.OPEN:
            self.replace_round(replace(current, status=RoundStatus.CLOSED))
            self.set(timer_ends_at=None)
            self.events.append(VoteClosed(current.key))


def _require(state: SessionState, *phases: Phase) -> None:
    if state.phase not in phases:
        raise IllegalCommand("wrong_phase", f"not allowed in phase {state.phase.value}")


def adhoc_text(text: object) -> str:
    """The one-line text of an ad-hoc variation, or IllegalCommand('bad_variation_text')."""
    if not isinstance(text, str) or "\n" in text or "\r" in text:
        raise IllegalCommand("bad_variation_text", "one line of text")
    clean = " ".join(text.split())
    if not 1 <= len(clean) <= ADHOC_MAX or not clean.isprintable():
        raise IllegalCommand("bad_variation_text", f"1..{ADHOC_MAX} printable characters")
    return clean


def _timer(seconds: int | None, now: float) -> float | None:
    if seconds is None:
        return None
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not (
        5 <= seconds <= MAX_TIMER_SECONDS
    ):
        raise IllegalCommand("bad_timer", f"timer must be 5..{MAX_TIMER_SECONDS} seconds")
    return now + seconds


def apply(state: SessionState, command: Command, now: float) -> tuple[SessionState, list[Event]]:
    """Apply one command at time `now` (epoch seconds); return the new state and its events."""
    if state.phase is Phase.ENDED:
        raise IllegalCommand("session_ended", "the session has ended")
    step = _Step(state)
    match command:
        case Start():
            _require(state, Phase.LOBBY)
            if not state.items:
                raise IllegalCommand("no_items", "the session has no dilemmas")
            step.go_to_item(0)
        case OpenVote(timer_seconds=seconds):
            _require(state, Phase.SITUATION, Phase.CLOSED)
            current = state.current_round
            assert current is not None  # noqa: S101 - every item has a round once shown
            ends_at = _timer(seconds, now)
            step.replace_round(replace(current, status=RoundStatus.OPEN))
            step.set(phase=Phase.VOTING, timer_ends_at=ends_at)
            step.events.append(VoteOpened(current.key, ends_at))
            step.events.append(PhaseChanged(Phase.VOTING, state.item, current.key))
        case CloseVote():
            _require(state, Phase.VOTING)
            step.close_open_round()
            step.set(phase=Phase.CLOSED)
            step.events.append(PhaseChanged(Phase.CLOSED, state.item, _key(state)))
        case Tick():
            if state.phase is not Phase.VOTING or state.timer_ends_at is None:
                return state, []
            if now < state.timer_ends_at:
                return state, []
            step.close_open_round()
            step.set(phase=Phase.CLOSED)
            step.events.append(PhaseChanged(Phase.CLOSED, state.item, _key(state)))
        case Reveal():
            _require(state, Phase.VOTING, Phase.CLOSED)
            step.close_open_round()
            current = step.state.current_round
            assert current is not None  # noqa: S101 - voting implies a round
            step.replace_round(replace(current, status=RoundStatus.REVEALED))
            step.set(phase=Phase.REVEALED)
            step.events.append(RoundRevealed(current.key))
            step.events.append(PhaseChanged(Phase.REVEALED, state.item, current.key))
        case Discuss():
            _require(state, Phase.REVEALED)
            step.set(phase=Phase.DISCUSSION)
            step.events.append(PhaseChanged(Phase.DISCUSSION, state.item, _key(state)))
        case StartVariation(variation_id=variation_id):
            _require(state, Phase.REVEALED, Phase.DISCUSSION)
            item = state.items[state.item]
            if variation_id not in item.variation_ids:
                raise IllegalCommand("unknown_variation", "this dilemma has no such variation")
            used = {r.variation_id for r in state.rounds_of(state.item)}
            if variation_id in used:
                raise IllegalCommand("variation_used", "this variation was already played")
            step.new_variation_round(variation_id, None)
        case StartAdHocVariation(text=text):
            _require(state, Phase.REVEALED, Phase.DISCUSSION)
            clean = adhoc_text(text)
            number = len(state.rounds_of(state.item))
            if number >= MAX_ROUNDS_PER_ITEM:
                raise IllegalCommand("too_many_rounds", "this dilemma has enough rounds")
            step.new_variation_round(f"{ADHOC_PREFIX}{number}", clean)
        case Next():
            _require(state, Phase.SITUATION, Phase.CLOSED, Phase.REVEALED, Phase.DISCUSSION)
            if state.item + 1 < len(state.items):
                step.go_to_item(state.item + 1)
            else:
                step.set(phase=Phase.SUMMARY)
                step.events.append(PhaseChanged(Phase.SUMMARY, state.item, None))
        case Previous():
            _require(state, Phase.SITUATION, Phase.CLOSED, Phase.REVEALED, Phase.DISCUSSION,
                     Phase.SUMMARY)
            if state.phase is Phase.SUMMARY:
                step.go_to_item(state.item)
            elif state.item <= 0:
                raise IllegalCommand("no_previous", "this is the first dilemma")
            else:
                step.go_to_item(state.item - 1)
        case Finish():
            _require(state, Phase.LOBBY, Phase.SITUATION, Phase.CLOSED, Phase.REVEALED,
                     Phase.DISCUSSION)
            step.set(phase=Phase.SUMMARY, timer_ends_at=None)
            step.events.append(PhaseChanged(Phase.SUMMARY, state.item, None))
        case End():
            step.close_open_round()
            step.set(phase=Phase.ENDED, timer_ends_at=None)
            step.events.append(PhaseChanged(Phase.ENDED, state.item, None))
            step.events.append(SessionEnded())
        case SetTimer(seconds=seconds):
            _require(state, Phase.VOTING)
            ends_at = _timer(seconds, now)
            step.set(timer_ends_at=ends_at)
            step.events.append(TimerChanged(ends_at))
        case _:
            raise IllegalCommand("unknown_command", type(command).__name__)
    return replace(step.state, version=state.version + 1), step.events


def _key(state: SessionState) -> str | None:
    current = state.current_round
    return current.key if current else None


def can_vote(state: SessionState, round_key: str | None, option_id: str) -> None:
    """Raise IllegalCommand unless a vote for `option_id` on `round_key` is allowed now."""
    if state.phase is not Phase.VOTING:
        raise IllegalCommand("vote_closed", "voting is not open")
    current = state.current_round
    assert current is not None  # noqa: S101 - voting implies a round
    if round_key is not None and round_key != current.key:
        raise IllegalCommand("stale_round", "this vote is for a round that is not open")
    if option_id not in state.items[state.item].option_ids:
        raise IllegalCommand("unknown_option", "no such option")
