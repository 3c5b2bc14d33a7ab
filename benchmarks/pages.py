"""Page benchmark: dashboard, catalogue and lesson at 50 concurrent logged-in clients.

    python -m benchmarks.pages [--async-mode gevent|threading] [--clients 50] [--seconds 10]
        [--json out.json]
    python -m benchmarks.pages --url https://127.0.0.1:8443 --insecure --email … --password …

Without --url it starts the platform on its embedded defaults (a throw-away instance, one member
account, `learnplatform.serve` in the given async mode) and the bare stack of pages
(`benchmarks/bare_pages.py`: Flask + Flask-Login + SQLAlchemy + Jinja) with the same server, and
measures each page of the platform and then a bare page of the same size, one after the other.
Every client logs in once and then requests the page in a loop. Per page: p50 and p95 latency (ms),
requests per second, and the platform's share of the bare page's requests per second. With --url it
measures a running deployment (log in with a member account) without a bare comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.live_load import TLS, USER_AGENT, free_port, percentile, print_report, use_tls

ROOT = Path(__file__).resolve().parent.parent
EMAIL = "bench-member@example.nl"
PASSWORD = "bench-wachtwoord-123"  # noqa: S105 - throw-away account in a throw-away database
PREPARE = """
import json
from learnplatform import create_app
from learnplatform.auth.models import Role
from learnplatform.auth.services import create_user, find_user_by_email
from learnplatform.extensions import db
from learnplatform.web.content import get_content
app = create_app()
with app.app_context():
    find_user_by_email({email!r}) or create_user({email!r}, "Bench Lid", {password!r},
                                                 {{Role.DEELNEMER}})
    db.session.commit()
    module = sorted(get_content().modules.values(), key=lambda m: m.id)[0]
    print(json.dumps({{"module": module.id, "lesson": module.lessons[0].id}}))
"""


def _wait(url: str, proc: subprocess.Popen[bytes] | None = None, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def start_platform(async_mode: str) -> tuple[subprocess.Popen[bytes], str, dict[str, str]]:
    """The platform on its embedded defaults with a member account; returns paths to measure."""
    instance = tempfile.mkdtemp(prefix="lp-pages-")
    env = {**os.environ, "LEARNPLATFORM_INSTANCE": instance, "SOCKETIO_ASYNC_MODE": async_mode,
           "RATELIMIT_ENABLED": "0"}
    for name in ("DATABASE_URL", "REDIS_URL", "LEARNPLATFORM_ENV"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "flask", "--app", "learnplatform", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", PREPARE.format(email=EMAIL, password=PASSWORD)],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    ids = json.loads(out.stdout.strip().splitlines()[-1])
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "learnplatform.serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait(url, proc)
    return proc, url, pages_of(ids)


def pages_of(ids: dict[str, str]) -> dict[str, str]:
    """The three measured pages."""
    return {"dashboard": "/mijn", "catalogue": "/leren",
            "lesson": f"/leren/{ids['module']}/{ids['lesson']}"}


def start_bare(async_mode: str) -> tuple[subprocess.Popen[bytes], str]:
    """The bare stack of pages in the same server mode."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.bare_pages", "--port", str(port),
                             "--async-mode", async_mode], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait(url, proc)
    return proc, url


async def login_platform(http: aiohttp.ClientSession, url: str, email: str,
                         password: str) -> None:
    """Log in like a browser (CSRF token, Referer)."""
    async with http.get(f"{url}/inloggen") as response:
        page = await response.text()
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": email, "password": password, "csrf_token": match.group(1) if match else ""}
    async with http.post(f"{url}/inloggen", data=data, allow_redirects=False,
                         headers={"Referer": f"{url}/inloggen"}) as response:
        if response.status != 302:
            raise RuntimeError(f"login failed: HTTP {response.status}")


async def login_bare(http: aiohttp.ClientSession, url: str) -> None:
    """Log in to the bare stack."""
    async with http.post(f"{url}/login", data={"email": "bench@example.nl"},
                         allow_redirects=False) as response:
        if response.status != 302:
            raise RuntimeError(f"bare login failed: HTTP {response.status}")


async def measure(sessions: list[aiohttp.ClientSession], url: str, seconds: float,
                  warmup: float = 2.0) -> dict[str, Any]:
    """Every session requests `url` in a loop; latencies after the warm-up count."""
    latencies: list[float] = []
    errors = 0
    size = 0
    start = time.perf_counter()
    measure_from, stop_at = start + warmup, start + warmup + seconds

    async def loop(http: aiohttp.ClientSession) -> None:
        nonlocal errors, size
        while (now := time.perf_counter()) < stop_at:
            async with http.get(url, allow_redirects=False) as response:
                body = await response.read()
            done = time.perf_counter()
            if response.status != 200:
                errors += 1
                continue
            size = len(body)
            if now >= measure_from:
                latencies.append((done - now) * 1000)

    await asyncio.gather(*(loop(http) for http in sessions))
    return {"p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p95_ms": round(percentile(latencies, 95) or 0, 1),
            "req_per_s": round(len(latencies) / seconds, 1), "bytes": size, "errors": errors}


def _sessions(count: int) -> list[aiohttp.ClientSession]:
    return [aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"User-Agent": USER_AGENT},
        connector=aiohttp.TCPConnector(ssl=TLS["context"] or True, limit=1))
        for _ in range(count)]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure the pages (and their bare twins); returns the report."""
    report: dict[str, Any] = {"clients": args.clients, "seconds": args.seconds, "pages": {}}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        if args.url:
            url, pages = args.url.rstrip("/"), pages_of({"module": args.module,
                                                         "lesson": args.lesson})
            email, password = args.email, args.password
            report["target"] = url
        else:
            proc, url, pages = start_platform(args.async_mode)
            bare_proc, bare_url = start_bare(args.async_mode)
            procs += [proc, bare_proc]
            email, password = EMAIL, PASSWORD
            report["target"] = f"embedded, {args.async_mode}"
        platform = _sessions(args.clients)
        if args.url:
            # a deployment limits logins per address (10 a minute): log in once, share the cookie
            await login_platform(platform[0], url, email, password)
            for http in platform[1:]:
                http.cookie_jar.update_cookies(
                    {cookie.key: cookie.value for cookie in platform[0].cookie_jar})
        else:
            await asyncio.gather(*(login_platform(h, url, email, password) for h in platform))
        bare = []
        if not args.url:
            bare = _sessions(args.clients)
            await asyncio.gather(*(login_bare(h, bare_url) for h in bare))
        for name, path in pages.items():
            result = await measure(platform, f"{url}{path}", args.seconds)
            entry: dict[str, Any] = {"platform": result}
            if bare:
                twin = await measure(bare, f"{bare_url}/page/{result['bytes']}", args.seconds)
                entry["bare"] = twin
                entry["share_of_bare"] = (round(result["req_per_s"] / twin["req_per_s"], 2)
                                          if twin["req_per_s"] else None)
            report["pages"][name] = entry
        await asyncio.gather(*(h.close() for h in platform + bare))
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
    return report


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run and print (and write) the report."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--async-mode", default="gevent", choices=["gevent", "threading"])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--url", help="a running deployment (no bare comparison)")
    parser.add_argument("--email", help="member account of the deployment")
    parser.add_argument("--password")
    parser.add_argument("--module", default="belangenverstrengeling-en-stemmen")
    parser.add_argument("--lesson", default="")
    parser.add_argument("--insecure", action="store_true")
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)
    if args.url and args.url.startswith("https:"):
        use_tls(args.insecure)
    report = asyncio.run(run(args))
    print_report(report, args.json_path)


if __name__ == "__main__":
    main()
