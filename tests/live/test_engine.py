"""The pure live-session state machine: every transition and every illegal command."""

from __future__ import annotations

import pytest

from learnplatform.live.engine import (
    CloseVote,
    Discuss,
    End,
    Finish,
    IllegalCommand,
    Item,
    Next,
    OpenVote,
    Phase,
    PhaseChanged,
    Previous,
    Reveal,
    RoundCreated,
    RoundRevealed,
    RoundStatus,
    SessionEnded,
    SessionState,
    SetTimer,
    Start,
    StartVariation,
    Tick,
    VoteClosed,
    VoteOpened,
    apply,
    can_vote,
)

ITEMS = (
    Item("gift", ("a", "b", "c"), ("later", "at-home")),
    Item("vote", ("yes", "no")),
)


def run(state: SessionState, *commands: object, now: float = 1000.0) -> SessionState:
    for command in commands:
        state, _ = apply(state, command, now)  # type: ignore[arg-type]
    return state


def fresh() -> SessionState:
    return SessionState(items=ITEMS)


def test_start_shows_first_dilemma_with_a_pending_round() -> None:
    state, events = apply(fresh(), Start(), 0)
    assert state.phase is Phase.SITUATION
    assert state.item == 0
    assert state.current_round is not None
    assert state.current_round.key == "0:0"
    assert RoundCreated("0:0", 0, 0, None) in events
    assert state.version == 1


def test_full_dilemma_flow_with_variation_round() -> None:
    state = run(fresh(), Start())
    state, events = apply(state, OpenVote(timer_seconds=60), 100.0)
    assert state.phase is Phase.VOTING
    assert VoteOpened("0:0", 160.0) in events
    state, events = apply(state, Reveal(), 120.0)
    assert state.phase is Phase.REVEALED
    assert VoteClosed("0:0") in events
    assert RoundRevealed("0:0") in events
    assert state.timer_ends_at is None
    state = run(state, Discuss())
    assert state.phase is Phase.DISCUSSION
    state, events = apply(state, StartVariation("later"), 130.0)
    assert state.phase is Phase.SITUATION
    assert state.current_round is not None
    assert state.current_round.key == "0:1"
    assert state.current_round.variation_id == "later"
    assert [r.key for r in state.rounds_of(0)] == ["0:0", "0:1"]
    state = run(state, OpenVote(), CloseVote())
    assert state.phase is Phase.CLOSED
    assert state.current_round is not None
    assert state.current_round.status is RoundStatus.CLOSED
    state = run(state, Reveal(), Next())
    assert (state.phase, state.item) == (Phase.SITUATION, 1)
    state = run(state, OpenVote(), Reveal(), Next())
    assert state.phase is Phase.SUMMARY
    state, events = apply(state, End(), 200.0)
    assert state.phase is Phase.ENDED
    assert SessionEnded() in events


def test_vote_can_be_reopened_after_closing() -> None:
    state = run(fresh(), Start(), OpenVote(), CloseVote(), OpenVote())
    assert state.phase is Phase.VOTING
    assert state.current_round is not None
    assert state.current_round.key == "0:0"


def test_previous_returns_to_revealed_round_and_keeps_it() -> None:
    state = run(fresh(), Start(), OpenVote(), Reveal(), Next(), Previous())
    assert (state.phase, state.item) == (Phase.REVEALED, 0)
    state = run(state, Next())
    assert (state.phase, state.item) == (Phase.SITUATION, 1)
    assert len(state.rounds) == 2  # no duplicate round for item 1


def test_previous_from_summary_returns_to_last_item() -> None:
    state = run(fresh(), Start(), Next(), Next())
    assert state.phase is Phase.SUMMARY
    state = run(state, Previous())
    assert (state.phase, state.item) == (Phase.SITUATION, 1)


def test_timer_closes_vote_on_tick_only_when_expired() -> None:
    state = run(fresh(), Start())
    state, _ = apply(state, OpenVote(timer_seconds=30), 0.0)
    same, events = apply(state, Tick(), 29.0)
    assert same is state
    assert events == []
    state, events = apply(state, Tick(), 30.0)
    assert state.phase is Phase.CLOSED
    assert VoteClosed("0:0") in events


def test_set_timer_during_vote() -> None:
    state = run(fresh(), Start(), OpenVote())
    state, _ = apply(state, SetTimer(45), 10.0)
    assert state.timer_ends_at == 55.0
    state, _ = apply(state, SetTimer(None), 11.0)
    assert state.timer_ends_at is None


def test_finish_from_lobby_and_end_from_anywhere() -> None:
    assert run(fresh(), Finish()).phase is Phase.SUMMARY
    state = run(fresh(), Start(), OpenVote(), End())
    assert state.phase is Phase.ENDED
    assert state.current_round is not None
    assert state.current_round.status is RoundStatus.CLOSED


def test_state_round_trips_through_json() -> None:
    state = run(fresh(), Start(), OpenVote(timer_seconds=20), Reveal(), StartVariation("later"))
    assert SessionState.from_dict(state.to_dict()) == state


def test_phase_changed_event_accompanies_each_transition() -> None:
    _, events = apply(run(fresh(), Start()), OpenVote(), 0)
    assert PhaseChanged(Phase.VOTING, 0, "0:0") in events


@pytest.mark.parametrize(
    ("setup", "command", "code"),
    [
        ((), OpenVote(), "wrong_phase"),
        ((), Reveal(), "wrong_phase"),
        ((), Next(), "wrong_phase"),
        ((Start(),), Start(), "wrong_phase"),
        ((Start(),), CloseVote(), "wrong_phase"),
        ((Start(),), Discuss(), "wrong_phase"),
        ((Start(),), StartVariation("later"), "wrong_phase"),
        ((Start(),), Previous(), "no_previous"),
        ((Start(),), SetTimer(30), "wrong_phase"),
        ((Start(), OpenVote()), Next(), "wrong_phase"),
        ((Start(), OpenVote()), Finish(), "wrong_phase"),
        ((Start(), OpenVote()), OpenVote(), "wrong_phase"),
        ((Start(), OpenVote(), Reveal()), StartVariation("nope"), "unknown_variation"),
        ((Start(), OpenVote(), Reveal(), StartVariation("later"), OpenVote(), Reveal()),
         StartVariation("later"), "variation_used"),
        ((Start(),), OpenVote(timer_seconds=1), "bad_timer"),
        ((Start(),), OpenVote(timer_seconds=100_000), "bad_timer"),
        ((Start(), End()), Start(), "session_ended"),
        ((Start(), End()), End(), "session_ended"),
    ],
)
def test_illegal_commands_are_refused_without_change(
    setup: tuple[object, ...], command: object, code: str
) -> None:
    state = run(fresh(), *setup)
    before = state.to_dict()
    with pytest.raises(IllegalCommand) as raised:
        apply(state, command, 0)  # type: ignore[arg-type]
    assert raised.value.code == code
    assert state.to_dict() == before


def test_start_without_items_is_refused() -> None:
    with pytest.raises(IllegalCommand, match="no_items"):
        apply(SessionState(items=()), Start(), 0)


@pytest.mark.parametrize(
    ("setup", "round_key", "option", "code"),
    [
        ((Start(),), None, "a", "vote_closed"),
        ((Start(), OpenVote(), Reveal()), None, "a", "vote_closed"),
        ((Start(), OpenVote()), None, "zzz", "unknown_option"),
        ((Start(), OpenVote()), "1:0", "a", "stale_round"),
    ],
)
def test_votes_refused_outside_an_open_round(
    setup: tuple[object, ...], round_key: str | None, option: str, code: str
) -> None:
    with pytest.raises(IllegalCommand) as raised:
        can_vote(run(fresh(), *setup), round_key, option)
    assert raised.value.code == code


def test_vote_allowed_while_open() -> None:
    can_vote(run(fresh(), Start(), OpenVote()), "0:0", "b")
