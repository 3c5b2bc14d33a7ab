"""The module player through the test client: answering, feedback, resume and completion."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from learnplatform.auth.models import Role, User
from tests.learning.helpers import LESSON_1, LESSON_2, MODULE, block_url, complete_basis


def test_lesson_renders_every_block_type_safely(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    page = client.get(f"/leren/{MODULE}/{LESSON_1}").get_data(as_text=True)
    assert "<strong>meer dan regels</strong>" in page
    assert "Bron: Gemeentewet, artikel 15, derde lid" in page
    assert "Wanneer leg je de eed of belofte af?" in page
    assert "Alleen jij kunt je reflectie lezen." in page
    assert 'href="/leren/basis-integriteit/oefenen"' in page
    page2 = client.get(f"/leren/{MODULE}/{LESSON_2}").get_data(as_text=True)
    assert "Hoe kwetsbaar ben jij?" in page2
    assert "Wat doe je met de fles?" in page2
    assert 'rel="prev"' in page2


def _count(db: object, model: type) -> int:
    from sqlalchemy import func, select

    from learnplatform.extensions import db as _db

    return int(_db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_wrong_then_right_answer_without_javascript(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    response = client.post(block_url(LESSON_1, "vraag-eed"), data={"answer": "na-een-jaar"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/leren/{MODULE}/{LESSON_1}#blok-vraag-eed")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nog niet goed. Probeer het nog eens." in page
    assert "Nee, dat is te laat." in page
    assert "Klopt, dat gebeurt" not in page
    assert "<strong>bij de installatie</strong>" in page  # the explanation, as Markdown
    client.post(block_url(LESSON_1, "vraag-eed"), data={"answer": "bij-installatie"})
    page = client.get(f"/leren/{MODULE}/{LESSON_1}").get_data(as_text=True)
    assert "Goed beantwoord." in page
    assert "Klopt, dat gebeurt voordat je je ambt uitoefent." in page
    assert "Nee, dat is te laat." not in page


def test_answer_with_javascript_gets_json_feedback(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    response = client.post(
        block_url(LESSON_2, "vraag-meer"),
        data={"answer": ["nevenfuncties"]},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    data = response.get_json()
    assert data["ok"] is True
    assert data["complete"] is False
    assert 'id="blok-vraag-meer"' in data["html"]
    assert "Nog niet goed" in data["html"]  # only one of the two right options chosen
    assert "Ja, die maak je openbaar." in data["html"]
    again = client.post(
        block_url(LESSON_2, "vraag-meer"),
        data={"answer": ["nevenfuncties", "geschenken"]},
        headers={"Accept": "application/json"},
    ).get_json()
    assert "Goed beantwoord." in again["html"]


def test_invalid_answers_are_refused_and_store_nothing(
    client: FlaskClient, login_as: Callable[..., User], db: object
) -> None:
    from learnplatform.learning.models import BlockProgress, DilemmaChoice, Reflection

    login_as(Role.DEELNEMER)
    unknown = client.post(block_url(LESSON_1, "vraag-eed"), data={"answer": "verzonnen"},
                          headers={"Accept": "application/json"})
    assert unknown.status_code == 400
    assert "hoort niet bij de vraag" in unknown.get_json()["error"]
    empty = client.post(block_url(LESSON_1, "vraag-eed"), data={})
    assert empty.status_code == 400
    assert "Kies een antwoord." in empty.get_data(as_text=True)
    two = client.post(block_url(LESSON_1, "vraag-eed"),
                      data={"answer": ["bij-installatie", "nooit"]})
    assert "Kies één antwoord." in two.get_data(as_text=True)
    long_text = client.post(block_url(LESSON_1, "eigen-ervaring"), data={"text": "x" * 4001})
    assert long_text.status_code == 400
    assert "Je reflectie is te lang (maximaal 4000 tekens)." in long_text.get_data(as_text=True)
    blank = client.post(block_url(LESSON_1, "eigen-ervaring"), data={"text": "   "})
    assert "Schrijf eerst je reflectie." in blank.get_data(as_text=True)
    no_choice = client.post(block_url(LESSON_2, "dilemma-wijn"), data={"option": ""})
    assert "Kies eerst een optie." in no_choice.get_data(as_text=True)
    bad_choice = client.post(block_url(LESSON_2, "dilemma-wijn"), data={"option": "stelen"})
    assert "hoort niet bij het dilemma" in bad_choice.get_data(as_text=True)
    long_reason = client.post(block_url(LESSON_2, "dilemma-wijn"),
                              data={"option": "melden", "reason": "y" * 1001})
    assert "Je toelichting is te lang" in long_reason.get_data(as_text=True)
    scan = client.post(block_url(LESSON_2, "scan-risico"), data={"score-netwerk": "3"})
    assert "Geef bij elke uitspraak een score." in scan.get_data(as_text=True)
    scan = client.post(block_url(LESSON_2, "scan-risico"),
                       data={"score-netwerk": "9", "score-nevenfunctie": "1"})
    assert "Een score ligt tussen 1 en 5." in scan.get_data(as_text=True)
    assert _count(db, BlockProgress) == 0
    assert _count(db, Reflection) == 0
    assert _count(db, DilemmaChoice) == 0


def test_unknown_module_lesson_or_block_is_404(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    assert client.get("/leren/bestaat-niet").status_code == 404
    assert client.get(f"/leren/{MODULE}/bestaat-niet").status_code == 404
    assert client.post(block_url(LESSON_1, "bestaat-niet"), data={}).status_code == 404
    assert client.post(block_url(LESSON_1, "intro"), data={}).status_code == 404  # reading block
    assert client.post(block_url(LESSON_2, "vraag-eed"), data={}).status_code == 404  # other lesson
    assert client.get("/leren/provincie-module").status_code == 404  # not for a gemeente


def test_anonymous_visitor_is_sent_to_login(client: FlaskClient) -> None:
    response = client.get(f"/leren/{MODULE}")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_resume_goes_to_the_next_unseen_block(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    page = client.get(f"/leren/{MODULE}").get_data(as_text=True)
    assert "Begin met de module" in page
    assert f"/leren/{MODULE}/{LESSON_1}#blok-intro" in page
    client.get(f"/leren/{MODULE}/{LESSON_1}")  # text and callout are now seen
    page = client.get(f"/leren/{MODULE}").get_data(as_text=True)
    assert "Verder waar je was" in page
    assert f"/leren/{MODULE}/{LESSON_1}#blok-vraag-eed" in page
    client.post(block_url(LESSON_1, "vraag-eed"), data={"answer": "nooit"})
    client.post(block_url(LESSON_1, "eigen-ervaring"), data={"text": "Iets"})
    page = client.get(f"/leren/{MODULE}").get_data(as_text=True)
    assert f"/leren/{MODULE}/{LESSON_2}#blok-scan-risico" in page


def test_self_scan_gives_feedback_for_the_band(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    client.post(block_url(LESSON_2, "scan-risico"),
                data={"score-netwerk": "4", "score-nevenfunctie": "2"})
    page = client.get(f"/leren/{MODULE}/{LESSON_2}").get_data(as_text=True)
    assert "Je totaalscore is 6 (van 10)." in page
    assert "Let extra op belangenverstrengeling." in page
    assert "Weinig risico" not in page


def test_completion_is_immediate_and_issues_a_certificate(
    client: FlaskClient, login_as: Callable[..., User], db: object
) -> None:
    from learnplatform.learning.models import Certificate, ModuleCompletion

    login_as(Role.DEELNEMER)
    complete_basis(client)
    assert _count(db, ModuleCompletion) == 1
    assert _count(db, Certificate) == 1
    page = client.get(f"/leren/{MODULE}").get_data(as_text=True)
    assert "Je hebt deze module afgerond op" in page
    catalogue = client.get("/leren").get_data(as_text=True)
    assert "Afgerond" in catalogue


def test_below_pass_mark_is_not_complete_until_corrected(
    client: FlaskClient, login_as: Callable[..., User], db: object
) -> None:
    from learnplatform.learning.models import ModuleCompletion

    login_as(Role.DEELNEMER)
    complete_basis(client)
    client.post("/uitloggen")
    login_as(Role.DEELNEMER)  # a second learner who gets both questions wrong
    client.get(f"/leren/{MODULE}/{LESSON_1}")
    client.post(block_url(LESSON_1, "vraag-eed"), data={"answer": "nooit"})
    client.post(block_url(LESSON_1, "eigen-ervaring"), data={"text": "Iets"})
    client.get(f"/leren/{MODULE}/{LESSON_2}")
    client.post(block_url(LESSON_2, "scan-risico"),
                data={"score-netwerk": "1", "score-nevenfunctie": "1"})
    client.post(block_url(LESSON_2, "vraag-meer"), data={"answer": ["hobby"]})
    client.post(block_url(LESSON_2, "dilemma-wijn"), data={"option": "aannemen"})
    assert _count(db, ModuleCompletion) == 1  # only the first user
    page = client.get(f"/leren/{MODULE}").get_data(as_text=True)
    assert "Je hebt 0 van de 2 vragen goed" in page
    assert "minstens 50% goed nodig" in page
    assert f"{LESSON_1}#blok-vraag-eed" in page
    client.post(block_url(LESSON_1, "vraag-eed"), data={"answer": "bij-installatie"})
    assert _count(db, ModuleCompletion) == 2  # 1 of 2 correct = 50 % reaches the pass mark


def test_last_answer_by_javascript_reports_completion(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    client.get(f"/leren/{MODULE}/{LESSON_1}")
    client.post(block_url(LESSON_1, "vraag-eed"), data={"answer": "bij-installatie"})
    client.post(block_url(LESSON_1, "eigen-ervaring"), data={"text": "Iets"})
    client.get(f"/leren/{MODULE}/{LESSON_2}")
    client.post(block_url(LESSON_2, "scan-risico"),
                data={"score-netwerk": "1", "score-nevenfunctie": "1"})
    client.post(block_url(LESSON_2, "vraag-meer"), data={"answer": ["hobby"]})
    data = client.post(block_url(LESSON_2, "dilemma-wijn"), data={"option": "melden"},
                       headers={"Accept": "application/json"}).get_json()
    assert data["complete"] is True
    assert "Je hebt deze module afgerond." in data["complete_html"]


def test_error_without_javascript_is_summarised_at_the_top(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    page = client.post(block_url(LESSON_1, "vraag-eed"), data={}).get_data(as_text=True)
    assert "Je antwoord is niet opgeslagen" in page
    assert '<a href="#blok-vraag-eed">Kies een antwoord.</a>' in page
    assert 'aria-describedby="fout-vraag-eed"' in page


def test_viewing_a_seen_lesson_again_commits_nothing(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    login_as(Role.DEELNEMER)
    commits: list[object] = []

    def count_commit(session: object) -> None:
        commits.append(session)

    client.get(f"/leren/{MODULE}/{LESSON_1}")  # the first visit marks the reading blocks seen
    event.listen(Session, "after_commit", count_commit)
    try:
        response = client.get(f"/leren/{MODULE}/{LESSON_1}")
    finally:
        event.remove(Session, "after_commit", count_commit)
    assert response.status_code == 200
    assert commits == []


def test_a_lesson_opened_twice_at_once_shows_in_both(
    client: FlaskClient, login_as: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second request read the progress before the first one saved it: its insert of the
    same rows fails, and it shows the lesson anyway (no error page)."""
    from learnplatform.learning import services

    login_as(Role.DEELNEMER)
    assert client.get(f"/leren/{MODULE}/{LESSON_1}").status_code == 200
    real = services.lesson_state
    calls: list[int] = []

    def stale_first(*args: object, **kwargs: object) -> services.LessonState:
        state = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(1)
        return state if len(calls) > 1 else services.LessonState({}, {}, {}, {}, {})

    monkeypatch.setattr(services, "lesson_state", stale_first)
    response = client.get(f"/leren/{MODULE}/{LESSON_1}")
    assert response.status_code == 200
    assert len(calls) == 2
