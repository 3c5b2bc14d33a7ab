"""Fail-over under load: a room votes through nginx, one app process is killed mid-vote.

    python -m benchmarks.failover --url https://127.0.0.1:8443 --insecure --code 123456 \\
        --trainer-email … --trainer-password … --participants 1000 --window 20 \\
        --kill-pidfile instance/prod-local/app-8002.pid [--json out.json]

Phones behave like the browser client (static/js/live/connection.js): they reconnect on their own
with jitter (first attempt after 1-3 s, later ones up to 10 s), rejoin with their token on every
connect and vote once the vote is open, at a random moment within the window; a vote that was not
acknowledged is sent again after the reconnect. Halfway through the window the process is killed
(SIGKILL, workers first, no graceful shutdown). The report:

    joined, join_seconds, dropped (phones that lost their process), rejoined, recovery_seconds
    (kill until the last dropped phone joined again), votes_acked, votes_counted (the trainer's
    total at the reveal), acked_votes_restored (phones whose acknowledged vote came back on
    rejoin), join_retries (joins asked again after 10 s without an answer), failed_connects,
    longest_failure_seconds (longest stretch of failed connection attempts with no successful one
    in between: the "502 period"), ack_p95_ms, errors
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.live_load import (
    NAMESPACE,
    call,
    close_http_sessions,
    cookie_dict,
    new_client,
    percentile,
    phone_cookies,
    print_report,
    raise_fd_limit,
    trainer_cookie,
    use_tls,
)


@dataclass
class Phone:
    """One simulated phone."""

    index: int
    cookies: dict[str, str]
    token: str | None = None
    option: str | None = None
    acked: bool = False
    joined_at: float | None = None
    dropped_at: float | None = None
    rejoined_at: float | None = None
    restored: bool = False
    open_seen: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Outcome:
    """Everything measured in one fail-over run."""

    connects: list[tuple[float, bool]] = field(default_factory=list)
    acks_ms: list[float] = field(default_factory=list)
    join_retries: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def join_all(clients: list[Any], url: str, join: Callable[[int], Awaitable[None]],
                   errors: list[str], in_flight: int = 100) -> None:
    """Connect every phone over WebSocket (`in_flight` handshakes at a time) and join it."""
    semaphore = asyncio.Semaphore(in_flight)

    async def one(index: int) -> None:
        async with semaphore:
            try:
                await clients[index].connect(url, namespaces=[NAMESPACE],
                                             transports=["websocket"], wait_timeout=30)
            except Exception as exc:  # noqa: BLE001 - recorded
                errors.append(f"connect: {type(exc).__name__}")
                return
            await join(index)

    await asyncio.gather(*(one(index) for index in range(len(clients))))


def kill_process_tree(pid: int) -> None:
    """SIGKILL a gunicorn master and its workers (workers first, so none is respawned)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    for child in children:
        os.kill(child, signal.SIGKILL)
    os.kill(pid, signal.SIGKILL)


async def run_failover(url: str, creds: dict[str, str], participants: int, window: float,
                       kill: Callable[[], None], recover_seconds: float = 45) -> dict[str, Any]:
    """Join the room, open the vote, kill a process halfway through the window, reveal."""
    outcome = Outcome()
    phones = [Phone(i, phone_cookies()) for i in range(participants)]
    cookie = await trainer_cookie(url, creds["email"], creds["password"])
    control = new_client(cookie_dict(cookie), reconnection=True, reconnection_delay=1,
                         reconnection_delay_max=5)
    options: list[str] = ["a"]
    round_key: list[str | None] = [None]
    control_ready = asyncio.Event()

    async def control_join() -> None:
        answer = await call(control, "join", {"code": creds["code"], "role": "control"})
        if answer.get("ok"):
            control_ready.set()

    @control.event(namespace=NAMESPACE)
    async def connect() -> None:
        asyncio.get_running_loop().create_task(control_join())

    @control.event(namespace=NAMESPACE)
    async def disconnect(*_reason: Any) -> None:
        control_ready.clear()

    await control.connect(url, namespaces=[NAMESPACE], transports=["websocket"])
    await asyncio.sleep(0.5)
    reply = await call(control, "join", {"code": creds["code"], "role": "control"})
    if not reply.get("ok"):
        raise RuntimeError(f"control join failed: {reply}")
    control_ready.set()
    if reply.get("state", {}).get("phase") == "lobby":
        await call(control, "command", {"name": "start"})

    clients = [new_client(phone.cookies, reconnection=True, reconnection_delay=2,
                          reconnection_delay_max=10, randomization_factor=0.5) for phone in phones]

    async def join(phone: Phone) -> None:
        client = clients[phone.index]
        payload: dict[str, Any] = {"code": creds["code"], "role": "participant"}
        if phone.token:
            payload["token"] = phone.token
        answer: dict[str, Any] = {}
        for _attempt in range(5):  # like the browser: a join that timed out is asked again
            try:
                answer = await call(client, "join", payload, timeout=10)
                break
            except Exception as exc:  # noqa: BLE001 - recorded
                outcome.join_retries.append(type(exc).__name__)
                if not client.connected:
                    return
                await asyncio.sleep(random.uniform(1, 3))
        if not answer:
            outcome.errors.append("join: no answer after 5 tries")
            return
        if not answer.get("ok"):
            outcome.errors.append(f"join: {answer.get('error')}")
            return
        now = time.perf_counter()
        phone.token = phone.token or str(answer.get("token"))
        state = answer.get("state", {})
        found = [o["id"] for o in state.get("dilemma", {}).get("options", [])
                 if isinstance(o, dict)]
        if found:
            options[:] = found
        if phone.joined_at is None:
            phone.joined_at = now
        elif phone.dropped_at is not None and phone.rejoined_at is None:
            phone.rejoined_at = now
            own = (state.get("you") or {}).get("vote")
            if phone.acked:
                phone.restored = own == phone.option
                if not phone.restored:
                    outcome.errors.append("rejoin: an acknowledged vote did not come back")
        if state.get("phase") == "voting":
            phone.open_seen.set()

    def wire(phone: Phone) -> None:
        client = clients[phone.index]

        @client.event(namespace=NAMESPACE)
        async def connect() -> None:
            if phone.joined_at is not None:  # a reconnect: the first join is done below
                outcome.connects.append((time.perf_counter(), True))
                asyncio.get_running_loop().create_task(join(phone))

        @client.event(namespace=NAMESPACE)
        async def disconnect(*_reason: Any) -> None:
            if phone.dropped_at is None and phone.joined_at is not None:
                phone.dropped_at = time.perf_counter()

        @client.event(namespace=NAMESPACE)
        async def connect_error(*_data: Any) -> None:
            outcome.connects.append((time.perf_counter(), False))

        @client.on("state", namespace=NAMESPACE)
        async def on_state(data: dict[str, Any]) -> None:
            if data.get("phase") == "voting":
                phone.open_seen.set()

    for phone in phones:
        wire(phone)

    started = time.perf_counter()
    await join_all(clients, url, lambda index: join(phones[index]), outcome.errors)
    join_seconds = time.perf_counter() - started
    joined = sum(1 for p in phones if p.joined_at is not None)

    reply = await call(control, "command", {"name": "open_vote"})
    if not reply.get("ok"):
        raise RuntimeError(f"open_vote failed: {reply}")
    rounds = reply.get("state", {}).get("rounds") or []
    round_key[0] = rounds[-1].get("key") if rounds else None
    opened = time.perf_counter()
    deadline = opened + window + recover_seconds

    async def vote(phone: Phone) -> None:
        if phone.joined_at is None:
            return
        await asyncio.sleep(random.uniform(0, window))
        phone.option = random.choice(options)
        while not phone.acked and time.perf_counter() < deadline:
            client = clients[phone.index]
            if not (client.connected and phone.open_seen.is_set()) or (
                    phone.dropped_at is not None and phone.rejoined_at is None):
                await asyncio.sleep(0.25)
                continue
            sent = time.perf_counter()
            try:
                answer = await call(client, "vote", {"round": round_key[0],
                                                     "option": phone.option}, timeout=10)
            except Exception:  # noqa: BLE001 - the connection went away: try again after it
                answer = {"ok": False}
            if answer.get("ok"):
                phone.acked = True
                outcome.acks_ms.append((time.perf_counter() - sent) * 1000)
            else:
                await asyncio.sleep(0.5)

    async def killer() -> float:
        await asyncio.sleep(window / 2)
        kill()
        return time.perf_counter()

    kill_task = asyncio.create_task(killer())
    await asyncio.gather(*(vote(p) for p in phones))
    killed_at = await kill_task
    # wait for the dropped phones that have already voted to come back too
    while time.perf_counter() < deadline and any(
            p.dropped_at is not None and p.rejoined_at is None for p in phones):
        await asyncio.sleep(0.25)
    dropped = [p for p in phones if p.dropped_at is not None]
    back = [p for p in dropped if p.rejoined_at is not None]
    recovery = max((p.rejoined_at - killed_at for p in back if p.rejoined_at), default=0.0)
    await asyncio.sleep(0.5)
    await asyncio.wait_for(control_ready.wait(), timeout=30)
    reply = await call(control, "command", {"name": "reveal"})
    counted = 0
    for entry in reply.get("state", {}).get("rounds") or []:
        if entry.get("key") == round_key[0]:
            counted = int(entry.get("total") or sum(
                r.get("count", 0) for r in entry.get("results") or []))
    for client in clients:  # the end of the run is no drop
        client.handlers.get(NAMESPACE, {}).pop("disconnect", None)
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)
    await control.disconnect()
    await close_http_sessions()
    return {
        "participants": participants,
        "joined": joined,
        "join_seconds": round(join_seconds, 2),
        "dropped": len(dropped),
        "rejoined": len(back),
        "recovery_seconds": round(recovery, 2),
        "votes_acked": sum(1 for p in phones if p.acked),
        "votes_counted": counted,
        "acked_votes_restored": sum(1 for p in back if p.restored),
        "failed_connects": sum(1 for _t, ok in outcome.connects if not ok),
        "longest_failure_seconds": round(longest_failure(outcome.connects), 2),
        "ack_p95_ms": round(percentile(outcome.acks_ms, 95) or 0, 1),
        "join_retries": len(outcome.join_retries),
        "errors": len(outcome.errors),
        "error_samples": sorted(set(outcome.errors))[:5],
    }


def longest_failure(connects: list[tuple[float, bool]]) -> float:
    """The longest stretch from a failed connection attempt to the next successful one."""
    longest, first_failure = 0.0, None
    for moment, ok in sorted(connects):
        if not ok and first_failure is None:
            first_failure = moment
        elif ok and first_failure is not None:
            longest = max(longest, moment - first_failure)
            first_failure = None
    return longest


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run the fail-over and print (and write) the report."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--trainer-email", required=True)
    parser.add_argument("--trainer-password", required=True)
    parser.add_argument("--insecure", action="store_true")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--window", type=float, default=20)
    parser.add_argument("--kill-pidfile", required=True,
                        help="pid file of the process to kill (gunicorn master)")
    parser.add_argument("--json", dest="json_path")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    random.seed(args.seed)
    raise_fd_limit()
    if args.url.startswith("https:"):
        use_tls(args.insecure)
    pid = int(Path(args.kill_pidfile).read_text().strip())
    creds = {"code": args.code, "email": args.trainer_email, "password": args.trainer_password}
    report = asyncio.run(run_failover(args.url.rstrip("/"), creds, args.participants,
                                      args.window, lambda: kill_process_tree(pid)))
    print_report(report, args.json_path)


if __name__ == "__main__":
    main()
