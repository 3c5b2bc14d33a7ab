"""The `Server` header names no software versions (on main: "Werkzeug/3.x Python/3.11.x")."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port, serve, stop


@pytest.mark.parametrize("mode", ["threading", "gevent"])  # gevent is what `make run` serves
def test_the_served_app_does_not_name_versions(tmp_path: Path, mode: str) -> None:
    port = free_port()
    env = {**os.environ, "LEARNPLATFORM_INSTANCE": str(tmp_path), "SECRET_KEY": "test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "REDIS_URL": "",
           "SOCKETIO_ASYNC_MODE": mode}
    proc = serve(port, env)
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        with urllib.request.urlopen(url) as response:  # noqa: S310 - a local URL
            server = response.headers.get("Server", "")
            status = response.status
    finally:
        stop(proc)
    assert status == 200
    assert not any(ch.isdigit() for ch in server), server  # no version of anything
    if mode == "threading":
        assert server == "learnplatform"
