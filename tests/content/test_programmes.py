"""Programmes at run time: finding a session's programme and where it is in the draaiboek."""

from __future__ import annotations

from learnplatform.content.loader import load_content
from learnplatform.content.programmes import programme_for, timing
from tests.content.helpers import GOOD


def test_a_session_starting_with_a_programmes_dilemmas_follows_it() -> None:
    programmes = load_content(GOOD).programmes.values()
    found = programme_for(["fles-wijn", "dreigend-bericht", "eigen"], programmes)
    assert found is not None
    assert found.id == "avond-dilemmas"
    assert programme_for(["dreigend-bericht", "fles-wijn"], programmes) is None
    assert programme_for(["fles-wijn"], programmes) is None


def test_timing_marks_opening_then_each_dilemma_then_the_close() -> None:
    programme = load_content(GOOD).programmes["avond-dilemmas"]
    lobby = timing(programme, -1, started=False, finished=False)
    assert [(b.type, b.start, b.minutes) for b in lobby] == [
        ("opening", 0, 10), ("dilemma", 10, 20), ("dilemma", 30, 20), ("afsluiting", 50, 10)]
    assert [b.current for b in lobby] == [True, False, False, False]
    second = timing(programme, 1, started=True, finished=False)
    assert [b.current for b in second] == [False, False, True, False]
    assert second[2].scenario == "dreigend-bericht"
    extra = timing(programme, 2, started=True, finished=False)  # a dilemma added after it
    assert not any(b.current for b in extra)
    assert timing(programme, 1, started=True, finished=True)[-1].current


def test_a_learner_sees_the_variant_of_their_audience() -> None:
    from learnplatform.content.schema import Audience, DilemmaBlock

    module = load_content(GOOD).modules["basis-integriteit"]
    block = next(b for _, b in module.blocks() if isinstance(b, DilemmaBlock))
    varied = DilemmaBlock.model_validate({**block.model_dump(), "variants": [
        {"audience": "provincie", "scenario": "dreigend-bericht"}]})
    assert varied.scenario_for(frozenset({Audience.PROVINCIE})) == "dreigend-bericht"
    assert varied.scenario_for(frozenset({Audience.GEMEENTE})) == "fles-wijn"
    assert varied.scenario_for(None) == "fles-wijn"
    assert module.for_audiences(frozenset({Audience.PROVINCIE})) is module  # no variants
