"""The `Server` header names no software versions (on main: "Werkzeug/3.x Python/3.11.x")."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

from tests.servers import free_port, serve, stop


def test_the_served_app_does_not_name_versions(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "LEARNPLATFORM_INSTANCE": str(tmp_path), "SECRET_KEY": "test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "REDIS_URL": ""}
    proc = serve(port, env)
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        with urllib.request.urlopen(url) as response:  # noqa: S310 - a local URL
            server = response.headers.get("Server", "")
    finally:
        stop(proc)
    assert server == "learnplatform"
