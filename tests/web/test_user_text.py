"""User text shown to others keeps no direction overrides or invisible characters."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from learnplatform.web.text import clean_strings, clean_text

RLO, PDF, ZWSP, ZWJ = "\u202e", "\u202c", "\u200b", "\u200d"
LRI, PDI, BOM = "\u2066", "\u2069", "\ufeff"


@pytest.mark.parametrize(("raw", "shown"), [
    (f"{RLO}evil{PDF}", "evil"),  # showed as "live" on the projector on main
    (f"ja{ZWSP}nee", "janee"),
    (f"{LRI}Jan{PDI} de Vries", "Jan de Vries"),
    (f"{BOM}Piet", "Piet"),
    (f"a{ZWJ}b\u200e\u200f\u061cc\u00ad", "abc"),
    ("regel 1\nregel 2\tmet tab", "regel 1\nregel 2\tmet tab"),
    ("e\u0301", "é"),  # NFC, so look-alike names are the same string
    ("\x07bel\x1b[31m", "bel[31m"),
])
def test_clean_text(raw: str, shown: str) -> None:
    assert clean_text(raw) == shown


def test_clean_strings_reaches_every_nested_string() -> None:
    data = {"title": f"{RLO}x", "options": [{"label": f"a{ZWSP}"}], "n": 3}
    assert clean_strings(data) == {"title": "x", "options": [{"label": "a"}], "n": 3}


def test_a_changed_name_is_stored_clean(client: FlaskClient,
                                        login_as: Callable[..., User]) -> None:
    user = login_as(Role.DEELNEMER)
    client.post("/account/gegevens", data={"name": f"{RLO}Anna{PDF}", "locale": "nl"})
    db.session.refresh(user)
    assert user.name == "Anna"
