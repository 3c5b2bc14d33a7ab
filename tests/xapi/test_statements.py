"""xAPI statements: recorded with the learning they describe, valid for the specification's
required properties, pseudonymous, completion and success only; export and download."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from learnplatform.auth.models import Role, User
from learnplatform.extensions import db
from learnplatform.learning import services
from learnplatform.web.content import get_content
from learnplatform.xapi import statements as xs
from learnplatform.xapi.models import XapiStatement
from tests.xapi.conftest import REFLECTION, do_module

MODULE = "veilig-bestuur"


def _all() -> list[dict]:  # type: ignore[type-arg]
    return [r.statement for r in db.session.scalars(
        select(XapiStatement).order_by(XapiStatement.created_at, XapiStatement.id))]


def test_a_module_done_gives_valid_pseudonymous_statements(
    make_user: Callable[..., User]
) -> None:
    member = make_user(email="anna@teststad.nl", name="Anna de Vries")
    do_module(member, MODULE, wrong_first=True)
    found = _all()
    verbs = [s["verb"]["id"] for s in found]
    assert verbs.count(xs.ATTEMPTED.id) == 1
    assert verbs.count(xs.COMPLETED.id) == 1
    assert verbs.count(xs.EARNED.id) == 1  # the module certificate
    answered = [s for s in found if s["verb"]["id"] == xs.ANSWERED.id]
    assert [a["result"] for a in answered].count({"success": False}) == 1
    assert all(set(a["result"]) == {"success"} for a in answered)
    for statement in found:
        assert xs.problems(statement) == [], statement
        assert set(statement["actor"]) == {"objectType", "account"}
        assert statement["actor"]["account"]["homePage"].endswith(
            f"/organisaties/{member.organisation_id}")
    text = json.dumps(found)
    for secret in ("anna@teststad.nl", "Anna de Vries", REFLECTION):
        assert secret not in text


def test_a_completed_track_is_recorded(make_user: Callable[..., User]) -> None:
    member = make_user()
    for step in get_content().tracks["veilig-bestuur"].steps:
        do_module(member, step.module)
    track = "https://leren.example.nl/trajecten/veilig-bestuur"
    assert [s["verb"]["id"] for s in _all() if s["object"]["id"] == track] == [xs.COMPLETED.id]
    certificates = [s for s in _all() if s["object"]["id"].endswith("/certificaten" + track[24:])]
    assert [s["verb"]["id"] for s in certificates] == [xs.EARNED.id]


def test_the_pseudonym_is_scoped_to_the_organisation() -> None:
    assert xs.pseudonym("k", 1, 7) != xs.pseudonym("k", 2, 7)
    assert xs.pseudonym("k", 1, 7) == xs.pseudonym("k", 1, 7)
    assert xs.pseudonym("k", 1, 7) != xs.pseudonym("other key", 1, 7)


def test_statements_roll_back_with_the_learning(make_user: Callable[..., User]) -> None:
    member = make_user()
    content = get_content()
    module = content.modules[MODULE]
    services.mark_lesson_seen(member, module, module.lessons[0], content)
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 1
    db.session.rollback()
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 0


def test_the_validator_catches_what_the_specification_requires() -> None:
    good = {"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
            "actor": {"account": {"homePage": "https://x.nl/o/1", "name": "ab"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "object": {"id": "https://x.nl/m"}, "timestamp": "2026-12-02T07:00:00+00:00"}
    assert xs.problems(good) == []
    assert xs.problems({**good, "actor": {"mbox": "mailto:a@b.nl"}})
    assert xs.problems({**good, "id": "nope"})
    assert xs.problems({**good, "verb": {"id": "completed"}})
    assert xs.problems({**good, "timestamp": "gisteren"})
    assert xs.problems({**good, "result": {"response": "b"}})


def test_export_command_writes_the_organisations_statements(
    runner: FlaskCliRunner, make_user: Callable[..., User], tmp_path: Path
) -> None:
    do_module(make_user(), MODULE)
    target = tmp_path / "xapi.json"
    result = runner.invoke(args=["xapi", "export", "--organisation", "gemeente teststad",
                                 "--since", "2020-01-01", "--json", str(target)])
    assert result.exit_code == 0, result.output
    items = json.loads(target.read_text(encoding="utf-8"))
    assert len(items) == len(_all())
    later = runner.invoke(args=["xapi", "export", "--organisation", "Gemeente Teststad",
                                "--since", "2999-01-01", "--json", str(target)])
    assert later.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == []
    unknown = runner.invoke(args=["xapi", "export", "--organisation", "Nergens",
                                  "--json", str(target)])
    assert unknown.exit_code != 0
    assert "No organisation named" in unknown.output


def test_download_for_the_griffie_of_the_organisation_only(
    browser_of: Callable[[User], FlaskClient], make_user: Callable[..., User],
    griffier: User, other_griffier: User,
) -> None:
    do_module(make_user(), MODULE)
    url = f"/xapi/organisaties/{griffier.organisation_id}/statements.json"
    response = browser_of(griffier).get(url)
    assert response.status_code == 200
    assert len(response.get_json()) == len(_all())
    assert browser_of(griffier).get(url + "?sinds=gisteren").status_code == 400
    assert browser_of(other_griffier).get(url).status_code == 404
    assert browser_of(make_user(email="lid@teststad.nl")).get(url).status_code == 403
    beheerder = make_user(Role.BEHEERDER, email="bo@example.nl")
    assert browser_of(beheerder).get(url).status_code == 200


def test_delivery_failures_are_kept_and_retried_later(
    app: Flask, runner: FlaskCliRunner, make_user: Callable[..., User]
) -> None:
    do_module(make_user(), MODULE)
    app.config["XAPI_LRS_URL"] = "http://127.0.0.1:9/xAPI"  # nothing listens on the discard port
    result = runner.invoke(args=["xapi", "deliver"])
    assert result.exit_code == 1
    rows = list(db.session.scalars(select(XapiStatement)))
    assert rows
    assert all(r.delivered_at is None for r in rows[:50])
    assert all(r.attempts == 1 for r in rows[:50])
    assert all(r.next_attempt_at is not None for r in rows[:50])
    again = runner.invoke(args=["xapi", "deliver"])  # not due yet: nothing is tried
    assert "0 statement(s) delivered, 0 to retry." in again.output
