"""Trainers manage what they made: edit and delete their organisation's own dilemmas, and delete
sessions that have not started or have ended. Sessions keep the dilemma version they used."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from learnplatform.auth.models import Role, User
from learnplatform.live import attendance, engine, services, votes
from learnplatform.live.models import (
    Argument,
    LiveSession,
    LocalDilemma,
    Participant,
    Vote,
    VoteRound,
)
from tests.live.test_views import VALID_DILEMMA


def _saved_dilemma(client: FlaskClient, db: Any) -> LocalDilemma:
    assert client.post("/live/dilemmas/nieuw", data=VALID_DILEMMA).status_code == 302
    return db.session.scalars(select(LocalDilemma)).one()


def _count(db: Any, model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)))


def test_list_shows_own_dilemmas_with_edit_and_delete(client: FlaskClient, trainer: User,
                                                      db: Any) -> None:
    assert "nog geen eigen dilemma" in client.get("/live/dilemmas").get_data(as_text=True)
    local = _saved_dilemma(client, db)
    html = client.get("/live/dilemmas").get_data(as_text=True)
    assert "Stage bij de wethouder" in html
    assert f"/live/dilemmas/{local.id}/bewerken" in html
    assert f"/live/dilemmas/{local.id}/verwijderen" in html
    assert "/live/dilemmas" in client.get("/live/sessies").get_data(as_text=True)


def test_edit_form_is_filled_in_with_the_saved_dilemma(client: FlaskClient, trainer: User,
                                                       db: Any) -> None:
    local = _saved_dilemma(client, db)
    html = client.get(f"/live/dilemmas/{local.id}/bewerken").get_data(as_text=True)
    assert 'value="Stage bij de wethouder"' in html
    assert "Zuiver, maar afstandelijk." in html
    assert 'value="gelijke kansen, zuiverheid"' in html
    assert "Wat zou een inwoner denken?" in html
    theme_box = html.split('value="tijdens-het-ambt"')[0].rsplit("<input", 1)[1]
    assert "checked" in theme_box


def test_editing_saves_a_new_version_and_running_sessions_keep_the_old(
    client: FlaskClient, trainer: User, db: Any
) -> None:
    old = _saved_dilemma(client, db)
    ref = f"local:{old.id}"
    assert client.post("/live/sessies/nieuw",
                       data={"title": "Eerder", "item": [ref],
                             "action": "create"}).status_code == 302
    session = db.session.scalars(select(LiveSession)).one()

    response = client.post(f"/live/dilemmas/{old.id}/bewerken",
                           data={**VALID_DILEMMA, "title": "Stage bij de burgemeester"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/live/dilemmas")
    current = services.local_dilemmas_for(trainer)
    assert [d.title for d in current] == ["Stage bij de burgemeester"]
    assert current[0].data["id"] == old.data["id"]
    db.session.refresh(old)
    assert old.archived_at is not None
    # the earlier session still shows what it was built with
    assert services.resolve_scenario(session.items[0].scenario_ref).title == (
        "Stage bij de wethouder")
    builder = client.get("/live/sessies/nieuw").get_data(as_text=True)
    assert "Stage bij de burgemeester" in builder
    assert "Stage bij de wethouder" not in builder
    # the archived version can no longer be edited or picked
    assert client.get(f"/live/dilemmas/{old.id}/bewerken").status_code == 404
    assert client.post("/live/sessies/nieuw",
                       data={"title": "Oud", "item": [ref], "action": "create"}).status_code == 400


def test_invalid_edit_shows_errors_and_changes_nothing(client: FlaskClient, trainer: User,
                                                       db: Any) -> None:
    local = _saved_dilemma(client, db)
    response = client.post(f"/live/dilemmas/{local.id}/bewerken",
                           data={**VALID_DILEMMA, "options-1-considerations": ""})
    assert response.status_code == 400
    assert "Vul dit veld in" in response.get_data(as_text=True)
    assert _count(db, LocalDilemma) == 1
    db.session.refresh(local)
    assert local.archived_at is None


def test_deleting_a_dilemma_asks_first_and_keeps_it_for_sessions(
    client: FlaskClient, trainer: User, db: Any
) -> None:
    local = _saved_dilemma(client, db)
    client.post("/live/sessies/nieuw",
                data={"title": "Met eigen", "item": [f"local:{local.id}"], "action": "create"})
    confirm = client.get(f"/live/dilemmas/{local.id}/verwijderen").get_data(as_text=True)
    assert "Weet je zeker" in confirm
    assert _count(db, LocalDilemma) == 1
    assert local.archived_at is None
    response = client.post(f"/live/dilemmas/{local.id}/verwijderen", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Het dilemma „Stage bij de wethouder” is verwijderd." in html
    assert "<h2>Stage bij de wethouder</h2>" not in html
    assert "nog geen eigen dilemma" in html
    session = db.session.scalars(select(LiveSession)).one()
    assert "Stage bij de wethouder" in client.get(
        f"/live/sessies/{session.id}/rapport").get_data(as_text=True)


def test_other_organisations_cannot_edit_or_delete(
    client: FlaskClient, trainer: User, db: Any, outsider: User,
    browser_of: Callable[[User], FlaskClient],
) -> None:
    local = _saved_dilemma(client, db)
    http = browser_of(outsider)
    assert http.get(f"/live/dilemmas/{local.id}/bewerken").status_code == 404
    assert http.post(f"/live/dilemmas/{local.id}/verwijderen").status_code == 404
    assert http.post(f"/live/dilemmas/{local.id}/bewerken", data=VALID_DILEMMA).status_code == 404
    db.session.refresh(local)
    assert local.archived_at is None


def test_deleting_an_ended_session_removes_all_its_data(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer, attendance=True)
    services.execute(session, engine.Start())
    services.execute(session, engine.OpenVote())
    participant, _token, _new = services.join_participant(session, None)
    votes.cast_vote(session, participant.id, None, "aannemen")
    services.execute(session, engine.Reveal())
    services.add_argument(session, "Een argument")
    attendance.add(session, "Jan Jansen")
    services.execute(session, engine.End())
    db.session.commit()
    page = client.get(f"/live/sessies/{session.id}").get_data(as_text=True)
    assert f"/live/sessies/{session.id}/verwijderen" in page
    assert "Weet je zeker" in client.get(
        f"/live/sessies/{session.id}/verwijderen").get_data(as_text=True)

    response = client.post(f"/live/sessies/{session.id}/verwijderen")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/live/sessies")
    for model in (LiveSession, Participant, VoteRound, Vote, Argument):
        assert _count(db, model) == 0, model
    listing = client.get("/live/sessies").get_data(as_text=True)
    assert "De sessie „Raadsavond” is verwijderd." in listing
    assert f"/live/sessies/{session.id}/regie" not in listing
    assert client.get(f"/live/sessies/{session.id}").status_code == 404


def test_a_running_session_cannot_be_deleted(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer)
    services.execute(session, engine.Start())
    db.session.commit()
    assert f"/live/sessies/{session.id}/verwijderen" not in client.get(
        f"/live/sessies/{session.id}").get_data(as_text=True)
    response = client.post(f"/live/sessies/{session.id}/verwijderen", follow_redirects=True)
    assert "Beëindig de sessie eerst" in response.get_data(as_text=True)
    assert _count(db, LiveSession) == 1


def test_only_the_owner_deletes_a_session(
    trainer: User, db: Any, make_user: Callable[..., User],
    make_session: Callable[..., LiveSession], browser_of: Callable[[User], FlaskClient],
) -> None:
    session = make_session(trainer)
    http = browser_of(make_user(Role.TRAINER))
    assert http.post(f"/live/sessies/{session.id}/verwijderen").status_code == 403
    assert _count(db, LiveSession) == 1


def test_an_ended_session_shows_no_join_code(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer)
    services.execute(session, engine.End())
    db.session.commit()
    html = client.get(f"/live/sessies/{session.id}").get_data(as_text=True)
    assert "deelnemen kan niet meer" in html
    assert f"/live/{session.code}" not in html


def test_a_session_can_be_set_up_again(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer, attendance=True, default_timer=90)
    services.execute(session, engine.End())
    db.session.commit()
    assert "Opnieuw klaarzetten" in client.get(f"/live/sessies/{session.id}").get_data(
        as_text=True)
    response = client.post(f"/live/sessies/{session.id}/opnieuw", follow_redirects=True)
    assert "Een nieuwe sessie met dezelfde dilemma" in response.get_data(as_text=True)
    copy = db.session.scalars(select(LiveSession).where(LiveSession.id != session.id)).one()
    assert [i.scenario_ref for i in copy.items] == [i.scenario_ref for i in session.items]
    assert (copy.title, copy.attendance_enabled, copy.default_timer) == ("Raadsavond", True, 90)
    assert copy.phase == "lobby"
    assert copy.ended_at is None


def test_only_the_owner_sets_a_session_up_again(
    trainer: User, db: Any, make_user: Callable[..., User],
    make_session: Callable[..., LiveSession], browser_of: Callable[[User], FlaskClient],
) -> None:
    session = make_session(trainer)
    http = browser_of(make_user(Role.TRAINER))
    assert http.post(f"/live/sessies/{session.id}/opnieuw").status_code == 403
    assert _count(db, LiveSession) == 1


def test_deleting_a_session_drops_what_this_process_cached_about_it(
    trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    from learnplatform.live.snapshot import build_state

    session = make_session(trainer)
    build_state(session, "participant")  # cached for joins in the next second
    votes.vote_gate(session.id)
    session_id = session.id
    services.delete_session(session)
    db.session.commit()
    cache = votes.app_cache()
    assert session_id not in cache.get("participant_states", {})
    assert session_id not in cache.get("gates", {})


def test_setting_up_again_fails_clearly_when_a_dilemma_is_gone(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer)
    session.items[0].scenario_ref = "bestaat-niet-meer"  # its content file was removed
    db.session.commit()
    response = client.post(f"/live/sessies/{session.id}/opnieuw", follow_redirects=True)
    assert "kan niet opnieuw worden klaargezet" in response.get_data(as_text=True)
    assert _count(db, LiveSession) == 1
