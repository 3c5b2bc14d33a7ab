"""Load benchmark for one live dilemma session over Socket.IO (WebSocket).

    python -m benchmarks.live_load --participants 200 [--window 10] [--burst] --json out.json
        [--url https://127.0.0.1:8443 --code 123456 --trainer-email trainer@...
         --trainer-password ... [--insecure]]
        [--target platform|bare] [--async-mode threading|gevent]
        [--processes 2 --database-url postgresql://... --redis-url redis://...]

Without --url it starts the server on a free port (the platform on its embedded defaults, in a
throw-away instance folder, with a trainer and a session made for the run; or the bare stack with
--target bare). With --processes K it starts K platform processes that share the given PostgreSQL
database and Redis message queue (the scale path) and spreads the participants over them; --url
may also be given several times for servers started elsewhere. Against a deployment (any URL,
https too; --insecure accepts a self-signed certificate) the trainer logs in like a browser, and
every phone carries its own random routing cookie, as the participant page gives it, so nginx
spreads the room over the processes.

It connects N python-socketio clients, joins them, opens a vote as the trainer, lets every
participant vote at a random moment within the window (or all at once with --burst), reveals, and
writes:

    participants, joined, join_seconds, votes_acked, votes_counted, ack_p50_ms, ack_p95_ms,
    count_update_p95_ms, votes_per_s, server_rss_mb, errors (and fanout_p95_ms)

With --reconnect, every participant then drops its connection and all rejoin at once with their
token (a reconnect storm); the report adds rejoined, votes_restored (own acknowledged vote back in
the rejoin state) and rejoin_seconds.

Like a phone, a participant votes only once it has received the `state` that says the vote is
open (with --burst at once, otherwise at a random moment within the window after that).
fanout_p95_ms: from the trainer's open_vote command to a participant receiving that state.
ack: from sending a vote to its acknowledgement (the platform acknowledges after the commit).
count_update: from sending the k-th acknowledged vote to the first `count` event at the trainer that
includes at least k votes. votes_per_s: acknowledged votes / (last ack - first send).
server_rss_mb: peak resident memory of the server processes together, sampled every 100 ms.
server_cpu_ms_per_vote: server CPU time from open_vote to the last acknowledgement, per vote
(includes the open-vote broadcast and the count updates; only when this run started the server).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import secrets
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = "/live"
USER_AGENT = "learnplatform-live-load"
# one TLS context for every client: making one per connection (what python-engineio does with
# ssl_verify=False) loads the CA store each time, tens of milliseconds of CPU per phone
TLS: dict[str, ssl.SSLContext | None] = {"context": None}


def use_tls(insecure: bool) -> None:
    """Make the shared TLS context; insecure accepts any certificate (self-signed prod-local)."""
    context = ssl.create_default_context()
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    TLS["context"] = context


HTTP_SESSIONS: list[aiohttp.ClientSession] = []


def new_client(cookies: dict[str, str] | None = None, **options: Any) -> socketio.AsyncClient:
    """A python-socketio client with the shared TLS context and, like a browser, cookies that
    outlive a reconnect (python-engineio drops a Cookie header after the first connect)."""
    extra = {"ssl": TLS["context"]} if TLS["context"] is not None else {}
    jar = aiohttp.CookieJar(unsafe=True)
    jar.update_cookies(cookies or {})
    http = aiohttp.ClientSession(cookie_jar=jar, headers={"User-Agent": USER_AGENT},
                                 connector=aiohttp.TCPConnector(ssl=TLS["context"] or True))
    HTTP_SESSIONS.append(http)
    return socketio.AsyncClient(http_session=http, websocket_extra_options=extra, **options)


async def close_http_sessions() -> None:
    """Close the clients' HTTP sessions at the end of a run."""
    await asyncio.gather(*(http.close() for http in HTTP_SESSIONS), return_exceptions=True)
    HTTP_SESSIONS.clear()


def phone_cookies() -> dict[str, str]:
    """A phone's cookies: its own random routing cookie, as the participant page sets it."""
    return {"lp_route": secrets.token_urlsafe(12)}


def cookie_dict(header: str) -> dict[str, str]:
    """`a=1; b=2` as a dict."""
    return dict(part.strip().split("=", 1) for part in header.split(";") if "=" in part)


@dataclass
class Run:
    """Everything measured during one run."""

    participants: int
    join_started: float = 0.0
    join_done: float = 0.0
    joined: int = 0
    opened: float = 0.0
    seen_open: dict[int, float] = field(default_factory=dict)
    sends: dict[int, float] = field(default_factory=dict)
    acks: dict[int, float] = field(default_factory=dict)
    counts: list[tuple[float, int]] = field(default_factory=list)
    votes_counted: int = 0
    errors: list[str] = field(default_factory=list)
    rss_peak_kb: int = 0
    vote_cpu_seconds: float = 0.0
    tokens: dict[int, str] = field(default_factory=dict)
    voted: dict[int, str] = field(default_factory=dict)
    rejoined: int = -1
    votes_restored: int = 0
    rejoin_seconds: float = 0.0


def free_port() -> int:
    """An unused TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def raise_fd_limit() -> None:
    """Thousands of sockets need more file descriptors than the usual soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def print_report(report: dict[str, Any], json_path: str | None) -> None:
    """Print a benchmark's report as JSON, and write it to `json_path` when given."""
    text = json.dumps(report, indent=2)
    print(text)  # noqa: T201
    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(text + "\n")


def percentile(values: list[float], pct: float) -> float | None:
    """The pct-th percentile (nearest rank) of values, or None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time these processes have used so far (0 for unknown ones)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_kb(pid: int) -> int:
    """Resident memory of a process in kB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


# --- servers ---------------------------------------------------------------------------------


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not become healthy")


def start_bare(async_mode: str) -> tuple[subprocess.Popen[bytes], str, dict[str, str]]:
    """Start the bare stack; returns the process, its URL and the session credentials."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.bare_stack", "--port", str(port),
         "--async-mode", async_mode],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, proc)
    return proc, url, {"code": "000000"}


def start_platform(async_mode: str, processes: int = 1, database_url: str | None = None,
                   redis_url: str | None = None,
                   ) -> tuple[list[subprocess.Popen[bytes]], list[str], dict[str, str]]:
    """Start the platform: on its embedded defaults in a throw-away instance folder, or as
    several processes sharing a PostgreSQL database and a Redis message queue."""
    instance = tempfile.mkdtemp(prefix="lp-bench-")
    env = {**os.environ, "LEARNPLATFORM_INSTANCE": instance, "SOCKETIO_ASYNC_MODE": async_mode,
           # every simulated phone comes from 127.0.0.1, like a venue's Wi-Fi behind one address:
           # size the per-address limits for the room, as docs/deploy.md tells a venue to
           "LIVE_NEW_PARTICIPANTS_PER_ADDRESS": "5000 per hour", "LIVE_SOCKETS_PER_ADDRESS": "5000"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if processes > 1:
        if not (database_url and redis_url):
            raise SystemExit("--processes needs --database-url and --redis-url (or the "
                             "DATABASE_URL and REDIS_URL environment variables)")
        env.update(DATABASE_URL=database_url, REDIS_URL=redis_url)
    flask = [sys.executable, "-m", "flask", "--app", "learnplatform"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,  # noqa: S603
                   capture_output=True)
    prepared = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "benchmarks.prepare_session"], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )
    creds = json.loads(prepared.stdout.strip().splitlines()[-1])
    procs, urls = [], []
    for _index in range(processes):
        port = free_port()
        procs.append(subprocess.Popen(  # noqa: S603 - our own module
            [sys.executable, "-m", "learnplatform.serve", "--port", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))
        urls.append(f"http://127.0.0.1:{port}")
    for proc, url in zip(procs, urls, strict=True):
        _wait_healthy(url, proc)
    return procs, urls, creds


# --- clients ---------------------------------------------------------------------------------


async def trainer_cookie(url: str, email: str, password: str) -> str:
    """Log in over HTTP like a browser and return the Cookie header for the socket."""
    connector = aiohttp.TCPConnector(ssl=TLS["context"] or True)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                     connector=connector,
                                     headers={"User-Agent": USER_AGENT}) as http:
        async with http.get(f"{url}/inloggen") as response:
            page = await response.text()
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        data = {"email": email, "password": password, "csrf_token": match.group(1) if match else ""}
        # over https Flask-WTF also checks that the form came from this site (Referer)
        async with http.post(f"{url}/inloggen", data=data, allow_redirects=False,
                             headers={"Referer": f"{url}/inloggen"}) as response:
            if response.status != 302:
                raise RuntimeError(f"trainer login failed: HTTP {response.status}")
        return "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)


async def call(client: socketio.AsyncClient, event: str, payload: dict[str, Any],
               timeout: float = 30) -> dict[str, Any]:
    """Emit with an acknowledgement and return it."""
    reply = await client.call(event, payload, namespace=NAMESPACE, timeout=timeout)
    return reply if isinstance(reply, dict) else {"ok": False, "error": {"code": "no_ack"}}


async def sample_rss(run: Run, pids: list[int], stop: asyncio.Event) -> None:
    """Record the servers' peak RSS (together) until stopped."""
    while pids and not stop.is_set():
        run.rss_peak_kb = max(run.rss_peak_kb, sum(rss_kb(pid) for pid in pids))
        await asyncio.sleep(0.1)


async def reconnect_storm(urls: list[str], code: str, clients: list[socketio.AsyncClient],
                          run: Run) -> None:
    """Every participant drops its connection, then all come back at once (100 handshakes in
    flight) and rejoin with their token; each must get its own acknowledged vote back."""
    await asyncio.gather(*(c.disconnect() for c in clients if c.connected),
                         return_exceptions=True)
    semaphore = asyncio.Semaphore(100)
    run.rejoined = 0
    started = time.perf_counter()

    async def rejoin(index: int) -> None:
        fresh = new_client(phone_cookies(), reconnection=False)
        clients[index] = fresh
        async with semaphore:
            try:
                await fresh.connect(urls[index % len(urls)], namespaces=[NAMESPACE],
                                    transports=["websocket"], wait_timeout=30)
                answer = await call(fresh, "join", {"code": code, "role": "participant",
                                                    "token": run.tokens[index]})
            except Exception as exc:  # noqa: BLE001 - recorded, not raised
                run.errors.append(f"rejoin: {type(exc).__name__}: {exc}")
                return
        if not answer.get("ok"):
            run.errors.append(f"rejoin: {answer.get('error')}")
            return
        run.rejoined += 1
        own = (answer.get("state", {}).get("you") or {}).get("vote")
        if index in run.acks and own == run.voted[index]:
            run.votes_restored += 1
        elif index in run.acks:
            run.errors.append("rejoin: the acknowledged vote did not come back")

    await asyncio.gather(*(rejoin(i) for i in run.tokens))
    run.rejoin_seconds = time.perf_counter() - started


async def run_load(urls: list[str], creds: dict[str, str], participants: int, window: float,
                   burst: bool, server_pids: list[int], reconnect: bool = False) -> Run:
    """Drive one session: join N participants (spread over the servers), open the vote, vote,
    reveal. The trainer is on the first server."""
    run = Run(participants=participants)
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(run, server_pids, stop))
    url = urls[0]
    cookies = {}
    if creds.get("email"):
        cookies = cookie_dict(await trainer_cookie(url, creds["email"], creds["password"]))
    control = new_client(cookies, reconnection=False)

    @control.on("count", namespace=NAMESPACE)
    async def on_count(data: dict[str, Any]) -> None:
        run.counts.append((time.perf_counter(), int(data.get("votes", 0))))

    await control.connect(url, namespaces=[NAMESPACE], transports=["websocket"])
    reply = await call(control, "join", {"code": creds["code"], "role": "control"})
    if not reply.get("ok"):
        raise RuntimeError(f"control join failed: {reply}")
    phase = reply.get("state", {}).get("phase")
    if phase == "lobby":
        await call(control, "command", {"name": "start"})

    clients = [new_client(phone_cookies(), reconnection=False) for _ in range(participants)]
    options = ["a"]
    vote_open = [asyncio.get_running_loop().create_future() for _ in range(participants)]

    def watch_state(index: int) -> None:
        @clients[index].on("state", namespace=NAMESPACE)
        async def on_state(data: dict[str, Any]) -> None:
            if data.get("phase") == "voting" and not vote_open[index].done():
                run.seen_open[index] = time.perf_counter()
                vote_open[index].set_result(None)

    for index in range(participants):
        watch_state(index)

    async def join(index: int) -> None:
        client = clients[index]
        try:
            await client.connect(urls[index % len(urls)], namespaces=[NAMESPACE],
                                 transports=["websocket"], wait_timeout=30)
            answer = await call(client, "join", {"code": creds["code"], "role": "participant"})
            if answer.get("ok"):
                run.joined += 1
                run.tokens[index] = str(answer.get("token", ""))
                found = [o["id"] for o in answer.get("state", {}).get("dilemma", {})
                         .get("options", []) if isinstance(o, dict)]
                if found:
                    options[:] = found
            else:
                run.errors.append(f"join: {answer.get('error')}")
        except Exception as exc:  # noqa: BLE001 - a benchmark records failures, it doesn't stop
            run.errors.append(f"join: {type(exc).__name__}: {exc}")

    run.join_started = time.perf_counter()
    semaphore = asyncio.Semaphore(100)  # at most 100 handshakes in flight, like a room filling up

    async def limited_join(index: int) -> None:
        async with semaphore:
            await join(index)

    await asyncio.gather(*(limited_join(i) for i in range(participants)))
    run.join_done = time.perf_counter()

    cpu_before = cpu_seconds(server_pids)
    run.opened = time.perf_counter()
    reply = await call(control, "command", {"name": "open_vote"})
    if not reply.get("ok"):
        raise RuntimeError(f"open_vote failed: {reply}")
    round_key = None
    rounds = reply.get("state", {}).get("rounds") or []
    if rounds:
        round_key = rounds[-1].get("key")

    async def vote(index: int) -> None:
        if not clients[index].connected:
            return
        try:
            await asyncio.wait_for(vote_open[index], timeout=30)
        except TimeoutError:
            run.errors.append("vote: the open vote never reached this participant")
            return
        if not burst:
            await asyncio.sleep(random.uniform(0, window))
        payload = {"round": round_key, "option": random.choice(options)}
        run.voted[index] = payload["option"]
        run.sends[index] = time.perf_counter()
        try:
            answer = await call(clients[index], "vote", payload)
            if answer.get("ok"):
                run.acks[index] = time.perf_counter()
            else:
                run.errors.append(f"vote: {answer.get('error')}")
        except Exception as exc:  # noqa: BLE001 - recorded, not raised
            run.errors.append(f"vote: {type(exc).__name__}: {exc}")

    await asyncio.gather(*(vote(i) for i in range(participants)))
    run.vote_cpu_seconds = cpu_seconds(server_pids) - cpu_before
    if reconnect:
        await asyncio.sleep(0.5)
        await reconnect_storm(urls, creds["code"], clients, run)
    await asyncio.sleep(0.5)  # let the last coalesced count arrive
    reply = await call(control, "command", {"name": "reveal"})
    for entry in reply.get("state", {}).get("rounds") or []:
        if entry.get("key") == round_key or round_key is None:
            run.votes_counted = int(entry.get("total") or sum(
                r.get("count", 0) for r in entry.get("results") or []))
    stop.set()
    await sampler
    await asyncio.gather(*(c.disconnect() for c in clients if c.connected),
                         return_exceptions=True)
    await control.disconnect()
    await close_http_sessions()
    return run


def summarise(run: Run) -> dict[str, Any]:
    """The JSON report of a run."""
    acks_ms = [(run.acks[i] - run.sends[i]) * 1000 for i in run.acks]
    ordered = sorted(run.acks, key=lambda i: run.acks[i])
    count_lat: list[float] = []
    for rank, index in enumerate(ordered, start=1):
        sent = run.sends[index]
        hit = next((t for t, n in run.counts if t >= sent and n >= rank), None)
        if hit is not None:
            count_lat.append((hit - sent) * 1000)
    span = (max(run.acks.values()) - min(run.sends.values())) if run.acks else 0
    rnd = lambda v: None if v is None else round(v, 1)  # noqa: E731 - tiny local formatter
    return {
        "participants": run.participants,
        "joined": run.joined,
        "join_seconds": round(run.join_done - run.join_started, 2),
        "votes_acked": len(run.acks),
        "votes_counted": run.votes_counted,
        "ack_p50_ms": rnd(statistics.median(acks_ms) if acks_ms else None),
        "ack_p95_ms": rnd(percentile(acks_ms, 95)),
        "count_update_p95_ms": rnd(percentile(count_lat, 95)),
        "fanout_p95_ms": rnd(percentile([(t - run.opened) * 1000
                                         for t in run.seen_open.values()], 95)),
        "votes_per_s": round(len(run.acks) / span, 1) if span else None,
        "server_rss_mb": round(run.rss_peak_kb / 1024, 1) if run.rss_peak_kb else None,
        "server_cpu_ms_per_vote": (round(run.vote_cpu_seconds * 1000 / len(run.acks), 3)
                                   if run.acks and run.vote_cpu_seconds else None),
        **({"rejoined": run.rejoined, "votes_restored": run.votes_restored,
            "rejoin_seconds": round(run.rejoin_seconds, 2)} if run.rejoined >= 0 else {}),
        "errors": len(run.errors),
        "error_samples": sorted(set(run.errors))[:5],
    }


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, start a server if needed, run the load and write the report."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--burst", action="store_true")
    parser.add_argument("--json", dest="json_path")
    parser.add_argument("--url", action="append", help="a running server (repeatable)")
    parser.add_argument("--code")
    parser.add_argument("--trainer-email", "--email", dest="email")
    parser.add_argument("--trainer-password", "--password", dest="password")
    parser.add_argument("--insecure", action="store_true",
                        help="accept a self-signed certificate (make prod-local)")
    parser.add_argument("--target", choices=["platform", "bare"], default="platform")
    parser.add_argument("--async-mode", default=os.environ.get("SOCKETIO_ASYNC_MODE", "threading"))
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--reconnect", action="store_true",
                        help="after voting, every participant drops and rejoins at once")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    random.seed(args.seed)
    raise_fd_limit()
    if args.insecure or any(url.startswith("https:") for url in args.url or []):
        use_tls(args.insecure)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        if args.url:
            urls = [url.rstrip("/") for url in args.url]
            creds = {"code": args.code or "", "email": args.email or "",
                     "password": args.password or ""}
        elif args.target == "bare":
            proc, url, creds = start_bare(args.async_mode)
            procs, urls = [proc], [url]
        else:
            procs, urls, creds = start_platform(args.async_mode, args.processes,
                                                args.database_url, args.redis_url)
        if args.reconnect and args.target == "bare":
            parser.error("--reconnect needs the platform (the bare stack keeps no votes)")
        run = asyncio.run(run_load(urls, creds, args.participants, args.window, args.burst,
                                   [proc.pid for proc in procs], args.reconnect))
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    report = {"target": "deployment" if args.url else args.target,
              "async_mode": None if args.url else args.async_mode,
              "processes": None if args.url else len(urls),
              "mode": "burst" if args.burst else f"window {args.window:g}s", **summarise(run)}
    print_report(report, args.json_path)


if __name__ == "__main__":
    main()
