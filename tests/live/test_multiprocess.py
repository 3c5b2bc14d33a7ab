"""Two server processes sharing a database and a Redis message queue: events cross processes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio

from learnplatform import create_app
from learnplatform.auth.models import Role
from learnplatform.auth.services import create_user
from learnplatform.extensions import db
from learnplatform.live import services
from tests.conftest import PASSWORD, services_unavailable
from tests.live.conftest import CONTENT
from tests.servers import free_port, serve, stop

pytestmark = pytest.mark.services
USER_AGENT = "learnplatform-cluster-test"


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Redis plus two platform processes on one SQLite file; yields URLs and the session code."""
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        services_unavailable("redis-server is not installed")
    redis_port = free_port()
    procs = [subprocess.Popen(  # noqa: S603 - fixed argv
        [str(redis_server), "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    database = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "REDIS_URL": None,
                      "CONTENT_ROOT": str(CONTENT), "SECRET_KEY": "cluster-secret"})
    with app.app_context():
        db.create_all()
        trainer = create_user("cluster@example.nl", "Trainer", PASSWORD, {Role.TRAINER})
        session = services.create_session(trainer, "Cluster", ["gift"])
        db.session.commit()
        code = session.code
        db.session.remove()
        db.engine.dispose()
    env = {**os.environ, "DATABASE_URL": database, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
           "SECRET_KEY": "cluster-secret", "CONTENT_ROOT": str(CONTENT),
           "LEARNPLATFORM_INSTANCE": str(tmp_path), "SOCKETIO_ASYNC_MODE": "threading"}
    urls = []
    try:
        for _ in range(2):
            port = free_port()
            procs.append(serve(port, env))
            urls.append(f"http://127.0.0.1:{port}")
        yield {"urls": urls, "code": code}
    finally:
        for proc in procs:
            stop(proc)


def _trainer_cookie(url: str) -> str:
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT  # strong session protection binds the user agent
    page = http.get(f"{url}/inloggen", timeout=5).text
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    response = http.post(f"{url}/inloggen", allow_redirects=False, timeout=5, data={
        "email": "cluster@example.nl", "password": PASSWORD,
        "csrf_token": match.group(1) if match else ""})
    assert response.status_code == 302
    return "; ".join(f"{k}={v}" for k, v in http.cookies.items())


def _until(check: Any, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_votes_and_states_cross_processes(cluster: dict[str, Any]) -> None:
    first, second = cluster["urls"]
    code = cluster["code"]
    counts: list[dict[str, Any]] = []
    states: list[dict[str, Any]] = []
    control = socketio.Client(reconnection=False)
    control.on("count", counts.append, namespace="/live")
    phone = socketio.Client(reconnection=False)
    phone.on("state", states.append, namespace="/live")
    control.connect(first, headers={"Cookie": _trainer_cookie(first), "User-Agent": USER_AGENT},
                    namespaces=["/live"],
                    transports=["websocket"])
    phone.connect(second, namespaces=["/live"], transports=["websocket"])
    try:
        joined = control.call("join", {"code": code, "role": "control"}, namespace="/live")
        assert joined["ok"], joined
        assert phone.call("join", {"code": code, "role": "participant"}, namespace="/live")["ok"]
        control.call("command", {"name": "start"}, namespace="/live")
        control.call("command", {"name": "open_vote"}, namespace="/live")
        _until(lambda: bool(states) and states[-1]["phase"] == "voting")  # first → second
        ack = phone.call("vote", {"round": "0:0", "option": "melden"}, namespace="/live")
        assert ack["ok"]
        _until(lambda: any(c["votes"] == 1 for c in counts))  # second → first
        reveal = control.call("command", {"name": "reveal"}, namespace="/live")
        assert reveal["state"]["rounds"][0]["total"] == 1
    finally:
        control.disconnect()
        phone.disconnect()
