"""The dilemma exercise: private choice, anonymous tally, spread only from five answers."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from learnplatform.learning import services
from learnplatform.learning.models import DilemmaChoice, DilemmaTally
from learnplatform.web.content import get_content
from tests.learning.helpers import LESSON_2, MODULE, block_url


def _others_choose(make_user: Callable[..., User], options: list[str]) -> None:
    content = get_content()
    module = content.modules[MODULE]
    block = next(b for _l, b in module.blocks() if b.id == "dilemma-wijn")
    assert block.type == "dilemma"
    for option in options:
        user = make_user(Role.DEELNEMER)
        services.choose_dilemma(user, module, block, content.scenarios["fles-wijn"], option, "",
                                content)
    db.session.commit()


def test_spread_hidden_below_five_answers(
    client: FlaskClient, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    client.post(block_url(LESSON_2, "dilemma-wijn"),
                data={"option": "teruggeven", "reason": "Onafhankelijkheid."})
    _others_choose(make_user, ["melden", "melden", "aannemen"])
    page = client.get(f"/leren/{MODULE}/{LESSON_2}").get_data(as_text=True)
    assert "Jouw keuze: Teruggeven" in page
    assert "Welke belangen botsen hier?" in page  # reasoning prompts
    assert "Er is nog 1 antwoord nodig." in page
    assert "van 4" not in page
    assert "Duidelijk voor je onafhankelijkheid." in page  # considerations of every option
    assert "Transparant en controleerbaar." in page


def test_spread_shown_from_five_answers(
    client: FlaskClient, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    client.post(block_url(LESSON_2, "dilemma-wijn"), data={"option": "teruggeven"})
    _others_choose(make_user, ["melden", "melden", "aannemen", "melden"])
    page = client.get(f"/leren/{MODULE}/{LESSON_2}").get_data(as_text=True)
    assert "Melden: 3 van 5 (60%)" in page
    assert "Teruggeven: 1 van 5 (20%)" in page
    assert "antwoorden nodig" not in page


def test_changing_your_choice_moves_the_tally_without_double_counting(
    app: Flask, client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.DEELNEMER)
    client.post(block_url(LESSON_2, "dilemma-wijn"), data={"option": "aannemen"})
    client.post(block_url(LESSON_2, "dilemma-wijn"), data={"option": "melden", "reason": "Toch"})
    counts = {t.option_id: t.count for t in db.session.scalars(select(DilemmaTally))}
    assert counts == {"aannemen": 0, "melden": 1}
    choice = db.session.scalars(select(DilemmaChoice)).one()
    assert (choice.option_id, choice.reason) == ("melden", "Toch")


def test_tally_table_has_no_link_to_users(app: Flask) -> None:
    columns = {c["name"] for c in inspect(db.engine).get_columns("dilemma_tally")}
    assert columns == {"scenario_id", "option_id", "count"}
    assert inspect(db.engine).get_foreign_keys("dilemma_tally") == []
