"""The session builder through the test client: programme fill, add, reorder, duplicates,
filters that keep what was typed, editing before the start and only the title after it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from learnplatform.auth.models import User
from learnplatform.live import draft, engine, services
from learnplatform.live.models import LiveSession

NEW = "/live/sessies/nieuw"


def session_list(html: str) -> list[str]:
    """The refs in "Jouw sessie", in order (the hidden fields the form carries)."""
    return re.findall(r'<input type="hidden" name="item" value="([^"]+)">', html)


def visible_library(html: str) -> list[str]:
    """Titles of the library entries that are not hidden by a filter."""
    return re.findall(r'<li class="builder-lib-item" id="[^"]+"\s+data-themes[^>]*>\s*'
                      r'<h3 class="builder-lib-title">([^<]+)', html)


def post(client: FlaskClient, action: str, items: list[str], **fields: Any) -> Any:
    return client.post(NEW, data={"title": "", "action": action, "item": items, **fields})


def test_library_shows_previews_and_filters_without_losing_the_title(
    client: FlaskClient, trainer: User
) -> None:
    html = client.get(NEW).get_data(as_text=True)
    assert visible_library(html) == ["Een dreigend bericht", "Een fles wijn"]
    assert "<details" in html
    assert "De fles komt pas na de stemming in de raad." in html
    assert "Integriteitsavond (60 min, 2 dilemma&#39;s)" in html
    assert visible_library(client.get(f"{NEW}?thema=veiligheid").get_data(as_text=True)) == [
        "Een dreigend bericht"]
    assert visible_library(client.get(f"{NEW}?doelgroep=waterschap").get_data(as_text=True)) \
        == ["Een dreigend bericht"]
    assert visible_library(client.get(f"{NEW}?q=FLES").get_data(as_text=True)) == [
        "Een fles wijn"]
    assert visible_library(client.get(f"{NEW}?duur=lang").get_data(as_text=True)) == [
        "Een fles wijn"]  # two variations: 8 + 2 x 4 minutes
    filtered = client.post(NEW, data={"title": "Mijn raadsavond", "default_timer": "45",
                                      "thema": "veiligheid", "action": "filter",
                                      "item": ["gift"]})
    html = filtered.get_data(as_text=True)
    assert filtered.status_code == 200
    assert 'value="Mijn raadsavond"' in html
    assert 'value="45"' in html
    assert session_list(html) == ["gift"]
    assert visible_library(html) == ["Een dreigend bericht"]


def test_programme_fills_the_list_which_can_then_change(
    client: FlaskClient, trainer: User, db: Any
) -> None:
    html = client.get(f"{NEW}?programma=avond").get_data(as_text=True)
    assert session_list(html) == ["gift", "threat"]
    assert 'value="Integriteitsavond"' in html
    assert "2 dilemma's · ongeveer 60 minuten" in html  # the programme's own minutes
    filled = post(client, "programme", [], programme="avond")
    html = filled.get_data(as_text=True)
    assert session_list(html) == ["gift", "threat"]
    assert "Het programma „Integriteitsavond” staat in je sessie" in html
    removed = post(client, "remove:gift", ["gift", "threat"], programme="avond")
    assert session_list(removed.get_data(as_text=True)) == ["threat"]
    created = client.post(NEW, data={"title": "Avond", "action": "create", "item": ["threat"],
                                     "programme": "avond"})
    assert created.status_code == 302
    session = db.session.scalars(select(LiveSession)).one()
    assert [i.scenario_ref for i in session.items] == ["threat"]


def test_a_chosen_programme_alone_is_enough_to_create(client: FlaskClient, trainer: User,
                                                       db: Any) -> None:
    response = client.post(NEW, data={"action": "create", "programme": "avond",
                                      "attendance": "y"})
    assert response.status_code == 302
    session = db.session.scalars(select(LiveSession)).one()
    assert session.title == "Integriteitsavond"
    assert [i.scenario_ref for i in session.items] == ["gift", "threat"]
    assert session.attendance_enabled


def test_add_and_reorder_by_buttons_then_create(client: FlaskClient, trainer: User,
                                               db: Any) -> None:
    html = post(client, "add:gift", []).get_data(as_text=True)
    assert session_list(html) == ["gift"]
    assert "„Een fles wijn” staat nu in je sessie." in html
    html = post(client, "add:threat", ["gift"]).get_data(as_text=True)
    assert session_list(html) == ["gift", "threat"]
    assert "2 dilemma's · ongeveer 24 minuten" in html  # 16 + 8
    html = post(client, "up:threat", ["gift", "threat"]).get_data(as_text=True)
    assert session_list(html) == ["threat", "gift"]
    assert "staat nu op plaats 1" in html
    html = post(client, "down:threat", ["threat", "gift"]).get_data(as_text=True)
    assert session_list(html) == ["gift", "threat"]
    html = post(client, "up:gift", ["gift", "threat"]).get_data(as_text=True)
    assert session_list(html) == ["gift", "threat"]  # already first: nothing moves
    response = client.post(NEW, data={"title": "Raadsavond", "default_timer": "90",
                                      "action": "create", "item": ["threat", "gift"]})
    assert response.status_code == 302
    session = db.session.scalars(select(LiveSession)).one()
    assert [i.scenario_ref for i in session.items] == ["threat", "gift"]
    assert session.default_timer == 90
    assert session.owner_id == trainer.id
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert session.code in detail
    assert "qr.svg" in detail


def test_a_dilemma_cannot_be_added_twice(client: FlaskClient, trainer: User, db: Any) -> None:
    response = post(client, "add:gift", ["gift"])
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Dit dilemma staat al in je sessie" in html
    assert session_list(html) == ["gift"]
    # A hand-made post with the same dilemma twice keeps it once.
    response = client.post(NEW, data={"title": "T", "action": "create",
                                      "item": ["gift", "gift", "threat"]})
    assert response.status_code == 302
    session = db.session.scalars(select(LiveSession)).one()
    assert [i.scenario_ref for i in session.items] == ["gift", "threat"]
    with pytest.raises(engine.IllegalCommand) as refused:
        services.create_session(trainer, "Dubbel", ["gift", "gift"])
    assert refused.value.code == "duplicate_item"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Leeg"}, "Kies minstens één dilemma"),
        ({"title": "", "item": ["gift"]}, "Geef de sessie een titel"),
        ({"title": "T", "item": ["gift"], "default_timer": "2"}, "Kies 5 tot 600"),
        ({"title": "T", "item": ["bestaat-niet"]}, "Kies minstens één dilemma"),
    ],
)
def test_builder_rejects_bad_input(client: FlaskClient, trainer: User, db: Any,
                                   data: dict[str, Any], message: str) -> None:
    response = client.post(NEW, data={**data, "action": "create"})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LiveSession.id))) == 0


def test_unknown_actions_only_refresh(client: FlaskClient, trainer: User, db: Any) -> None:
    for action in ("", "drop table", "add:", "up:nothing", "create:x"):
        response = post(client, action, ["gift"], title="Blijft")
        assert response.status_code == 200
        assert session_list(response.get_data(as_text=True)) == ["gift"]
    assert db.session.scalar(select(func.count(LiveSession.id))) == 0


def test_draft_actions_are_pure() -> None:
    allowed = ["a", "b", "c"]
    assert draft.apply(["a", "b"], draft.parse_action("add:c"), allowed) == ["a", "b", "c"]
    assert draft.apply(["a", "b"], draft.parse_action("down:a"), allowed) == ["b", "a"]
    assert draft.apply(["a", "b"], draft.parse_action("remove:z"), allowed) == ["a", "b"]
    with pytest.raises(draft.DraftError):
        draft.apply(["a"], draft.parse_action("add:a"), allowed)
    with pytest.raises(draft.DraftError):
        draft.apply(["a"], draft.parse_action("add:x"), allowed)
    assert draft.clean_refs(["a", "x", "a", "b"], allowed) == ["a", "b"]


def test_edit_before_the_start(client: FlaskClient, trainer: User, db: Any,
                               make_session: Callable[..., LiveSession]) -> None:
    session = make_session(trainer, ("gift", "threat"))
    url = f"/live/sessies/{session.id}/bewerken"
    html = client.get(url).get_data(as_text=True)
    assert session_list(html) == ["gift", "threat"]
    assert 'value="Raadsavond"' in html
    moved = client.post(url, data={"title": "Raadsavond", "action": "up:threat",
                                   "item": ["gift", "threat"]})
    assert session_list(moved.get_data(as_text=True)) == ["threat", "gift"]
    saved = client.post(url, data={"title": "Nieuwe titel", "action": "create",
                                   "item": ["threat"], "default_timer": "60",
                                   "attendance": "y", "rehearsal": "y", "simulated": "5"})
    assert saved.status_code == 302
    db.session.expire_all()
    session = db.session.get(LiveSession, session.id)
    assert session.title == "Nieuwe titel"
    assert [i.scenario_ref for i in session.items] == ["threat"]
    assert [i.scenario_id for i in services.load_state(session).items] == ["threat"]
    assert session.default_timer == 60
    assert session.attendance_enabled
    assert session.simulated_participants == 5
    assert services.votes.participant_count(session.id) == 5


def test_after_the_start_only_the_title_changes(
    client: FlaskClient, trainer: User, db: Any, make_session: Callable[..., LiveSession]
) -> None:
    session = make_session(trainer, ("gift", "threat"))
    services.execute(session, engine.Start())
    db.session.commit()
    url = f"/live/sessies/{session.id}/bewerken"
    page = client.get(url).get_data(as_text=True)
    assert "alleen de titel" in page
    assert 'name="item"' not in page
    refused = client.post(url, data={"title": "Anders", "action": "create", "item": ["threat"],
                                     "default_timer": "30"})
    assert refused.status_code == 302  # the title form took the title; nothing else
    db.session.expire_all()
    session = db.session.get(LiveSession, session.id)
    assert session.title == "Anders"
    assert [i.scenario_ref for i in session.items] == ["gift", "threat"]
    assert session.default_timer is None
    with pytest.raises(engine.IllegalCommand) as error:
        services.edit_session(session, "X", ["threat"], attendance=False, default_timer=None,
                              simulated=None)
    assert error.value.code == "session_started"
    assert client.post(url, data={"title": ""}).status_code == 400


def test_other_trainers_cannot_edit(client: FlaskClient, trainer: User, outsider: User,
                                    make_session: Callable[..., LiveSession],
                                    browser_of: Callable[[User], FlaskClient]) -> None:
    session = make_session(trainer)
    http = browser_of(outsider)
    assert http.get(f"/live/sessies/{session.id}/bewerken").status_code == 403
    assert http.post(f"/live/sessies/{session.id}/bewerken",
                     data={"title": "Overgenomen", "action": "create",
                           "item": ["gift"]}).status_code == 403


def test_sessions_page_links_programmes_to_a_filled_builder(client: FlaskClient,
                                                            trainer: User) -> None:
    html = client.get("/live/sessies").get_data(as_text=True)
    assert "/live/sessies/nieuw?programma=avond" in html


def test_open_views_hear_about_an_edit(client: FlaskClient, trainer: User, db: Any,
                                       control: tuple[Any, LiveSession],
                                       participant: Callable[[str], Any]) -> None:
    ctrl, session = control
    person = participant(session.code)
    person.drain()
    client.post(f"/live/sessies/{session.id}/bewerken",
                data={"title": "Andere avond", "action": "create", "item": ["threat"]})
    state = person.events("state")[-1]
    assert state["session"]["title"] == "Andere avond"
    assert state["items_total"] == 1
    ctrl.call("command", {"name": "start"})
    client.post(f"/live/sessies/{session.id}/bewerken", data={"title": "Na de start"})
    assert person.events("state")[-1]["session"]["title"] == "Na de start"
