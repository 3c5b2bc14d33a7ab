"""Statements reach a real LRS: Ralph (ralph-malph, in its own virtualenv `.venv-ralph` made by
`make .venv-ralph`) runs on a free port; the platform delivers its outbox there and the test reads
the statements back. Skips (a failure in CI) when Ralph cannot start."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from learnplatform.auth.models import User
from learnplatform.extensions import db
from learnplatform.xapi import statements as xs
from learnplatform.xapi.models import XapiStatement
from tests import servers
from tests.conftest import services_unavailable
from tests.xapi.conftest import REFLECTION, do_module

RALPH_BIN = servers.PROJECT_ROOT / ".venv-ralph" / "bin"
LRS_USER, LRS_PASSWORD = "learnplatform", "lrs-wachtwoord-voor-tests"
HEADERS = {"X-Experience-API-Version": "1.0.3"}


def _wait(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Ralph LRS with a file-system backend; yields its xAPI base URL."""
    if not (RALPH_BIN / "uvicorn").exists():
        services_unavailable("Ralph LRS is not installed: run `make .venv-ralph`")
    folder = tmp_path_factory.mktemp("ralph")
    env = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_APP_DIR": str(folder / "app"),
           "RALPH_AUTH_FILE": str(folder / "auth.json"),
           "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data")}
    (folder / "data").mkdir()
    made = subprocess.run(  # noqa: S603 - our own virtualenv's ralph command
        [str(RALPH_BIN / "ralph"), "auth", "-u", LRS_USER, "-p", LRS_PASSWORD, "-s", "all",
         "-M", "mailto:lrs@learnplatform.nl", "-w"], env=env, capture_output=True, check=False)
    if made.returncode != 0:
        services_unavailable(f"Ralph could not make credentials: {made.stderr[-300:]!r}")
    port = servers.free_port()
    log = folder / "ralph.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own virtualenv's uvicorn
            [str(RALPH_BIN / "uvicorn"), "ralph.api:app", "--host", "127.0.0.1", "--port",
             str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        if not _wait(f"http://127.0.0.1:{port}/__heartbeat__", proc, log):
            services_unavailable(f"Ralph did not start: {log.read_text()[-500:]}")
        yield f"http://127.0.0.1:{port}/xAPI"
    finally:
        servers.stop(proc)


def _read_back(lrs: str) -> list[dict]:  # type: ignore[type-arg]
    found: list[dict] = []  # type: ignore[type-arg]
    url: str | None = f"{lrs}/statements?limit=500"
    while url:
        page = requests.get(url, auth=(LRS_USER, LRS_PASSWORD), headers=HEADERS, timeout=10)
        assert page.status_code == 200, page.text
        body = page.json()
        found += body["statements"]
        more = body.get("more")
        url = f"{lrs.rsplit('/xAPI', 1)[0]}{more}" if more else None
    return found


def test_statements_are_delivered_to_ralph_and_read_back(
    app: Flask, runner: FlaskCliRunner, make_user: Callable[..., User], ralph: str
) -> None:
    app.config.update(XAPI_LRS_URL=ralph, XAPI_LRS_USERNAME=LRS_USER,
                      XAPI_LRS_PASSWORD=LRS_PASSWORD)
    member = make_user(email="anna@teststad.nl", name="Anna de Vries")
    do_module(member, "veilig-bestuur", wrong_first=True)
    do_module(member, "informatie-en-sociale-media")
    ours = {r.id: r.statement for r in db.session.scalars(select(XapiStatement))}
    for statement in ours.values():
        assert xs.problems(statement) == []

    result = runner.invoke(args=["xapi", "deliver"])
    assert result.exit_code == 0, result.output
    assert f"{len(ours)} statement(s) delivered" in result.output
    stored = {s["id"]: s for s in _read_back(ralph)}
    assert set(ours) <= set(stored)
    # delivering again (at least once) is harmless: the LRS keeps one copy per id
    db.session.execute(XapiStatement.__table__.update().values(delivered_at=None))
    db.session.commit()
    assert runner.invoke(args=["xapi", "deliver"]).exit_code == 0
    again = _read_back(ralph)
    assert len([s for s in again if s["id"] in ours]) == len(ours)

    text = json.dumps(stored)
    for secret in ("anna@teststad.nl", "Anna de Vries", REFLECTION):
        assert secret not in text
    verbs = sorted({s["verb"]["display"]["en-US"] for s in stored.values()})
    assert verbs == ["answered", "attempted", "completed", "earned"]
    if target := os.environ.get("RALPH_RECEIVED_OUT"):  # to show what the LRS holds
        Path(target).write_text(json.dumps(list(stored.values()), indent=2), encoding="utf-8")
