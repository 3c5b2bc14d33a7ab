"""Forwarding to the LRS happens in a background task after the commit, never in the request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from learnplatform.auth.models import User
from learnplatform.extensions import db
from learnplatform.xapi import delivery
from tests.xapi.conftest import do_module


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """An LRS is configured and background delivery is on."""
    return {**app_config, "XAPI_LRS_URL": "http://127.0.0.1:9/xAPI", "XAPI_BACKGROUND": True}


def test_a_commit_with_statements_starts_one_background_task(
    app: Flask, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Any] = []
    monkeypatch.setattr(delivery.socketio, "start_background_task",
                        lambda fn, *args: started.append((fn, args)))
    member = make_user()
    assert started == []  # creating a user records no statement
    do_module(member, "veilig-bestuur")
    assert len(started) == 1
    assert started[0][1] == (app,)
    db.session.commit()  # nothing new: no second task
    assert len(started) == 1


def test_without_an_lrs_nothing_is_started(
    app: Flask, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["XAPI_LRS_URL"] = None
    started: list[Any] = []
    monkeypatch.setattr(delivery.socketio, "start_background_task",
                        lambda fn, *args: started.append(fn))
    do_module(make_user(), "veilig-bestuur")
    assert started == []
