"""`flask demo`: four demo accounts, idempotent, refused in production."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from learnplatform import create_app
from learnplatform.auth.models import User
from learnplatform.cli import DEMO_PASSWORD
from learnplatform.config import load_config
from learnplatform.extensions import db
from learnplatform.griffie.demo import MEMBERS

ACCOUNTS = ["raadslid@voorbeeld.nl", "trainer@voorbeeld.nl", "griffier@voorbeeld.nl",
            "beheerder@voorbeeld.nl"]


def test_demo_prints_the_four_accounts_and_can_run_twice(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for email in ACCOUNTS:
        assert email in result.output
    assert DEMO_PASSWORD in result.output
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0
    # the four demo accounts plus the griffie's members (one with an open invitation)
    assert db.session.scalar(select(func.count(User.id))) == 4 + len(MEMBERS) + 1
    skipped = runner.invoke(args=["demo", "--if-empty"])
    assert "not loaded" in skipped.output


def test_demo_is_refused_under_production_config(app_config: dict[str, Any]) -> None:
    app = create_app({**app_config, "ENV_NAME": "production"})
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code != 0
        assert "refused under the production configuration" in result.output
        assert db.session.scalar(select(func.count(User.id))) == 0
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_production_env_variable_sets_env_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNPLATFORM_ENV", "production")
    config = load_config()
    assert config["ENV_NAME"] == "production"
    assert config["SESSION_COOKIE_SECURE"] is True


def test_demo_gives_the_trainer_an_own_dilemma_a_lobby_and_a_played_session(
    runner: FlaskCliRunner,
) -> None:
    from learnplatform.live import services, votes
    from learnplatform.live.models import LiveSession, LocalDilemma

    runner.invoke(args=["demo"])
    runner.invoke(args=["demo"])  # idempotent
    trainer = db.session.scalars(select(User).where(User.email == "trainer@voorbeeld.nl")).one()
    assert [d.title for d in services.local_dilemmas_for(trainer)] == ["Een adres in de buurtapp"]
    assert db.session.scalar(select(func.count(LocalDilemma.id))) == 1
    sessions = db.session.scalars(select(LiveSession).order_by(LiveSession.id)).all()
    assert [s.phase for s in sessions] == ["ended", "lobby"]
    counts = votes.counts_by_round(sessions[0].id)
    assert sum(counts["0:0"].values()) == sum(counts["0:1"].values()) == 12
    assert counts["0:1"]["teruggeven"] > counts["0:0"]["teruggeven"]
