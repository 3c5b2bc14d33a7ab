"""The production set-up of `make prod-local` (nginx, two gunicorn gevent processes, PostgreSQL,
Redis): a room spread over both processes survives losing one, and /healthz tells when the
database is gone."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import secrets
import shutil
import socket
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks import live_load
from benchmarks.failover import kill_process_tree, run_failover
from benchmarks.rolling_restart import run_rolling_restart
from learnplatform import create_app
from learnplatform.auth.models import Role
from learnplatform.auth.services import create_user
from learnplatform.extensions import db
from learnplatform.live import services
from tests.conftest import PASSWORD, services_unavailable
from tests.servers import PROJECT_ROOT, free_port

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.services,
    # the load client's many aiohttp sessions may be collected after the run
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
PHONES = int(os.environ.get("DEPLOY_TEST_PHONES", "300"))
PG_HOST, PG_PORT = "127.0.0.1", 5432
SCRIPT = PROJECT_ROOT / "deploy" / "prod-local.sh"
TRAINER = "deploy-trainer@example.nl"


class TcpProxy:
    """A TCP proxy to PostgreSQL that the test can stop (the machine's server keeps running)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.open: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.running:
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            if not self.running:
                client.close()
                return
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        """Refuse new connections and cut the open ones."""
        self.running = False
        self.listener.close()
        for sock in self.open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def _require_services() -> tuple[str, str]:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if nginx is None:
        services_unavailable("nginx is not installed (make nginx)")
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        services_unavailable("redis-server is not installed")
    if not (PROJECT_ROOT / ".venv" / "bin" / "gunicorn").exists():
        services_unavailable("gunicorn is not installed (the .[server] extra)")
    try:
        socket.create_connection((PG_HOST, PG_PORT), timeout=2).close()
    except OSError:
        services_unavailable("PostgreSQL is not reachable on 127.0.0.1:5432")
    return str(nginx), str(redis_server)


def _get(url: str) -> tuple[int, bytes]:
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url, timeout=10, context=context) as response:  # noqa: S310
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read()


@pytest.fixture(scope="module")
def prod_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """prod-local in a throw-away folder, with its own ports, database and Redis."""
    nginx, redis_server = _require_services()
    folder = tmp_path_factory.mktemp("prod-local")
    redis_port = free_port()
    redis = subprocess.Popen(  # noqa: S603 - fixed argv
        [redis_server, "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = TcpProxy((PG_HOST, PG_PORT))
    database = f"lp_deploy_{secrets.token_hex(4)}"
    ports = [free_port(), free_port()]
    https_port = free_port()
    env = {**os.environ, "PROD_LOCAL_DIR": str(folder), "PROD_LOCAL_NGINX": nginx,
           "PROD_LOCAL_HTTPS_PORT": str(https_port), "PROD_LOCAL_HTTP_PORT": str(free_port()),
           "PROD_LOCAL_APP_PORTS": " ".join(map(str, ports)),
           "PROD_LOCAL_PG": f"postgresql://postgres@127.0.0.1:{proxy.port}",
           "PROD_LOCAL_DATABASE": database,
           "PROD_LOCAL_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    for name in ("DATABASE_URL", "REDIS_URL", "LEARNPLATFORM_ENV", "SECRET_KEY"):
        env.pop(name, None)
    try:
        log = folder / "start.log"
        with log.open("w") as out:
            started = subprocess.run([str(SCRIPT), "start"], env=env, stdout=out,  # noqa: S603
                                     stderr=subprocess.STDOUT, timeout=120, check=False)
        assert started.returncode == 0, log.read_text()
        url = f"postgresql://postgres@127.0.0.1:{PG_PORT}/{database}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": None})
        with app.app_context():
            trainer = create_user(TRAINER, "Deploy Trainer", PASSWORD, {Role.TRAINER})
            code = services.create_session(trainer, "Deploy", _first_scenario()).code
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        yield {"url": f"https://127.0.0.1:{https_port}", "code": code, "folder": folder,
               "ports": ports, "proxy": proxy, "env": env}
    finally:
        subprocess.run([str(SCRIPT), "stop"], env={**env, "PROD_LOCAL_DROP_DATABASE": "0"},  # noqa: S603
                       capture_output=True, timeout=120, check=False)
        proxy.stop()
        subprocess.run(["psql", f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres",  # noqa: S603,S607
                        "-qc", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'],
                       capture_output=True, timeout=60, check=False)
        redis.terminate()
        redis.wait(timeout=10)
        gc.collect()


def _first_scenario() -> list[str]:
    from learnplatform.content.loader import load_content

    return [sorted(load_content(PROJECT_ROOT).scenarios)[0]]


@pytest.mark.parametrize("with_cookie", [True, False])
def test_the_polling_fallback_stays_on_one_process(
    prod_local: dict[str, Any], with_cookie: bool
) -> None:
    """Long-polling needs every request of a connection on the process that holds it: with the
    routing cookie (hashed by nginx) and without it (the address decides)."""
    import requests
    import socketio

    for _phone in range(6):  # different cookies land on both processes
        http = requests.Session()
        http.verify = str(prod_local["folder"] / "tls" / "cert.pem")  # the self-signed one
        http.trust_env = False  # a CA bundle named in the environment would override it
        if with_cookie:
            http.cookies.set("lp_route", secrets.token_urlsafe(12))
        client = socketio.Client(http_session=http, reconnection=False)
        client.connect(prod_local["url"], namespaces=["/live"], transports=["polling"],
                       wait_timeout=20)
        try:
            first = client.call("join", {"code": prod_local["code"], "role": "participant"},
                                namespace="/live", timeout=20)
            again = client.call("join", {"code": prod_local["code"], "role": "participant",
                                         "token": first["token"]}, namespace="/live", timeout=20)
            transport = client.transport()
        finally:
            client.disconnect()
            http.close()
        assert first["ok"], first
        assert again["ok"], again
        assert transport == "polling"


def test_a_rolling_restart_moves_each_process_share_and_sends_it_home(
    prod_local: dict[str, Any]
) -> None:
    """The release checklist restarts the processes one by one. Each restart moves only that
    process's phones, and they are sent home once it is back: without that, the second restart
    dropped the whole room at once (every phone had gathered on the process restarted last)."""
    live_load.use_tls(insecure=True)

    def restart(port: str) -> None:
        subprocess.run([str(SCRIPT), "restart", port], env=prod_local["env"],  # noqa: S603
                       check=True, capture_output=True, timeout=120)

    try:
        report = asyncio.run(run_rolling_restart(
            prod_local["url"], prod_local["code"], PHONES,
            [str(port) for port in prod_local["ports"]], restart))
    finally:
        live_load.TLS["context"] = None
        gc.collect()
    assert report["joined"] == PHONES, report
    assert report["errors"] == 0, report
    homes = report["homes"]
    assert sorted(homes) == sorted(str(port) for port in prod_local["ports"]), report
    for step in report["steps"]:
        share = homes[step["restarted"]]
        # only the restarted process's phones moved, and all of them came back home
        assert step["dropped"] == share, report
        # (a phone that reconnects after its process is back lands home by itself)
        assert 0 < step["sent_home"] <= share, report
        assert step["at_home"] == PHONES, report
        assert step["back_seconds"] is not None, report
        assert step["back_seconds"] <= 30, report


def test_a_room_spread_over_two_processes_survives_losing_one(
    prod_local: dict[str, Any]
) -> None:
    live_load.use_tls(insecure=True)
    pidfile = prod_local["folder"] / f"app-{prod_local['ports'][1]}.pid"
    pid = int(pidfile.read_text().strip())
    try:
        report = asyncio.run(run_failover(
            prod_local["url"], {"code": prod_local["code"], "email": TRAINER,
                                "password": PASSWORD},
            participants=PHONES, window=8, kill=lambda: kill_process_tree(pid)))
    finally:
        live_load.TLS["context"] = None
        gc.collect()  # the load client's leftovers are collected here, under this test's filters
    assert report["joined"] == PHONES, report
    # nginx spread the room (one Wi-Fi address) over both processes: killing one dropped a share
    assert 0.2 * PHONES <= report["dropped"] <= 0.8 * PHONES, report
    assert report["rejoined"] == report["dropped"], report
    assert report["recovery_seconds"] <= 30, report
    assert report["longest_failure_seconds"] <= 10, report
    # every phone's vote acknowledged, every acknowledged vote counted in the trainer's view
    assert report["votes_acked"] == PHONES, report
    assert report["votes_counted"] == report["votes_acked"], report
    assert report["errors"] == 0, report


def test_healthz_says_503_while_the_database_is_unreachable(prod_local: dict[str, Any]) -> None:
    url = f"{prod_local['url']}/healthz"
    assert _get(url)[0] == 200
    prod_local["proxy"].stop()
    status, body = _get(url)
    assert status == 503
    assert b'"database":"unavailable"' in body.replace(b" ", b"")


def test_plain_http_is_redirected_to_https(prod_local: dict[str, Any]) -> None:
    folder: Path = prod_local["folder"]
    https_port = prod_local["url"].rsplit(":", 1)[1]
    conf = (folder / "nginx" / "nginx.conf").read_text()
    http_port = conf.split("listen 127.0.0.1:", 1)[1].split(";", 1)[0]
    request = urllib.request.Request(f"http://127.0.0.1:{http_port}/inloggen", method="GET")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as raised:
        opener.open(request, timeout=10)
    assert raised.value.code == 301
    assert raised.value.headers["Location"] == f"https://127.0.0.1:{https_port}/inloggen"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Let a redirect surface as an HTTPError, to read its Location."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
