"""What the room sees, rendered on the server: the join strip on every projector screen, the
control page's confirmations (no JavaScript needed), the moderation queue per dilemma and the
participant's own choice in the results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, render_template
from flask.testing import FlaskClient

from learnplatform.auth.models import User
from learnplatform.content.schema import Scenario
from learnplatform.live import engine, services, snapshot, votes
from learnplatform.live.models import LiveSession


def _advance(db: Any, session: LiveSession, *commands: engine.Command) -> None:
    for command in commands:
        services.execute(session, command)
    db.session.commit()


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_every_projector_screen_carries_the_join_strip(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession],
) -> None:
    session = make_session(trainer)
    spaced = f"{session.code[:3]} {session.code[3:]}"
    fragment = f"/live/sessies/{session.id}/presentatie/fragment"
    steps = [engine.Start(), engine.OpenVote(timer_seconds=60), engine.CloseVote(),
             engine.Reveal(), engine.Discuss(), engine.StartVariation("thuisbezorgd"),
             engine.OpenVote(), engine.Reveal(), engine.Finish()]
    seen = [_page(client, fragment)]
    for command in steps:
        _advance(db, session, command)
        seen.append(_page(client, fragment))
    for html in seen:
        assert "data-join-strip" in html
        assert spaced in html
    assert "data-live-timer" in seen[2]  # voting with a timer
    assert "live-compare" in seen[8]
    assert "live-shift" in seen[8]
    assert 'data-pages="single"' in seen[9]  # the summary, one dilemma per page
    page = _page(client, f"/live/sessies/{session.id}/presentatie")
    assert 'data-key="next"' in page
    assert 'aria-keyshortcuts="R"' in page
    assert 'data-overlay="qr"' in page
    assert "<script>" not in page
    assert "style=" not in page


def test_control_asks_before_skipping_an_unvoted_dilemma_and_before_ending(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession],
) -> None:
    session = make_session(trainer)
    control = f"/live/sessies/{session.id}/regie"
    _advance(db, session, engine.Start())
    html = _page(client, control)
    assert "Ja, dilemma overslaan" in html  # the next command sits behind a second step
    assert "Ja, beëindig de sessie" in html
    assert 'class="live-confirm"' in html
    _advance(db, session, engine.OpenVote(), engine.Reveal())
    html = _page(client, control)
    assert "Ja, dilemma overslaan" not in html  # voted: "Volgend dilemma" goes straight on
    assert "Volgend dilemma" in html
    # without JavaScript the confirmed command is an ordinary form post
    response = client.post(f"{control}/opdracht", data={"name": "end"})
    assert response.status_code == 302
    db.session.expire_all()
    assert session.state["phase"] == "ended"


def test_moderation_queue_is_grouped_per_dilemma_with_a_new_badge(
    app: Flask, client: FlaskClient, trainer: User, db: Any,
    make_session: Callable[..., LiveSession],
) -> None:
    session = make_session(trainer)
    _advance(db, session, engine.Start(), engine.OpenVote(), engine.Reveal(), engine.Discuss())
    services.add_argument(session, "Eerste dilemma, eerste argument")
    db.session.commit()
    _advance(db, session, engine.Next(), engine.OpenVote(), engine.Reveal(), engine.Discuss())
    for text in ("Tweede dilemma, argument een", "Tweede dilemma, argument twee"):
        services.add_argument(session, text)
    db.session.commit()
    html = _page(client, f"/live/sessies/{session.id}/regie")
    assert "3 nieuw" in html
    current = html.index("Huidig dilemma")
    first = html.index("Dilemma 1:")
    assert current < html.index("Tweede dilemma, argument een") < first
    assert first < html.index("Eerste dilemma, eerste argument")


def test_participant_sees_its_own_choice_after_the_reveal_without_javascript(
    app: Flask, trainer: User, db: Any, make_session: Callable[..., LiveSession],
) -> None:
    session = make_session(trainer)
    http = app.test_client()
    http.get(f"/live/{session.code}")
    _advance(db, session, engine.Start(), engine.OpenVote())
    html = http.get(f"/live/{session.code}").get_data(as_text=True)
    assert 'id="vote-question"' in html
    assert "site-header" not in html
    http.post(f"/live/{session.code}/stem", data={"round": "0:0", "option": "melden"})
    _advance(db, session, engine.Reveal())
    html = http.get(f"/live/{session.code}").get_data(as_text=True)
    assert html.count('<span class="live-mine">Jouw keuze</span>') == 1
    assert html.count("is-mine") == 1
    assert votes.counts_by_round(session.id)["0:0"] == {"melden": 1}


def test_the_debrief_is_rendered_in_its_own_section_of_the_notes(app: Flask) -> None:
    base = services.resolve_scenario("gift")
    assert base is not None
    scenario = Scenario.model_validate({**base.model_dump(mode="json"), "debrief": {
        "rule": "Geschenken boven **50 euro** meld je; daaronder begint je eigen afweging.",
        "options": [{"option": o.id, "values": ["onafhankelijkheid"],
                     "arguments": f"Argumenten voor {o.label}."} for o in base.options],
        "questions": [{"question": "Mag ik de fles houden?", "answer": "Als je hem meldt.",
                       "source": "Gedragscode art. 3"}],
        "closing": "Twijfel je, meld het dan.",
    }})
    notes = snapshot.debrief_notes(scenario)
    assert notes is not None
    assert notes["options"][1]["label"] == "Aannemen en melden"
    with app.test_request_context():
        html = render_template("live/_debrief.html", state={"notes": {"debrief": notes}})
    assert "Duiding" in html
    assert "<strong>50 euro</strong>" in html
    assert "Argumenten voor Teruggeven." in html
    assert "Gedragscode art. 3" in html
    assert "Twijfel je, meld het dan." in html
    assert snapshot.debrief_notes(base.model_copy(update={"debrief": None})) is None
