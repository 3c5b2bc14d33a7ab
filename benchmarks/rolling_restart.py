"""A release's rolling restart under a live room: restart each process in turn, as the checklist in
docs/deploy.md says, and count how many phones each restart moves.

    python -m benchmarks.rolling_restart --url https://127.0.0.1:8443 --insecure --code 123456 \\
        --participants 1000 --restart "deploy/prod-local.sh restart {port}" --ports 8001 8002 \\
        [--json out.json]

Phones behave like the browser client (static/js/live/connection.js): they reconnect on their own
with jitter, remember the process of their first join as their home (`process` in the join's
answer), name it in later joins (`home`) and reconnect when the server sends `go_home`. After each
restart the run waits until every phone is joined again and, with homecoming, back home (at most
`--settle` seconds). Report per restart: dropped (phones whose connection the restart broke),
sent_home (phones asked to go home afterwards), at_home (phones on their home process when the
step ended), back_seconds (restart until every phone was joined again); overall: the largest
share of the room one restart dropped (without homecoming the last restart drops nearly all of
it), errors.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shlex
import subprocess
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.failover import join_all
from benchmarks.live_load import (
    NAMESPACE,
    call,
    close_http_sessions,
    new_client,
    phone_cookies,
    print_report,
    raise_fd_limit,
    use_tls,
)


@dataclass
class Phone:
    """One simulated phone."""

    index: int
    home: str | None = None
    process: str | None = None
    joined: bool = False
    ever_joined: bool = False
    dropped: int = 0
    sent_home: int = 0
    leaving: bool = False  # a disconnect we asked for (going home) is no drop


async def run_rolling_restart(url: str, code: str, participants: int, ports: list[str],
                              restart: Any, settle: float = 45) -> dict[str, Any]:
    """Join the room, restart each port's process in turn; returns the report."""
    phones = [Phone(i) for i in range(participants)]
    clients = [new_client(phone_cookies(), reconnection=True, reconnection_delay=2,
                          reconnection_delay_max=10, randomization_factor=0.5)
               for _ in phones]
    errors: list[str] = []
    token: dict[int, str] = {}

    async def join(phone: Phone) -> None:
        client = clients[phone.index]
        payload: dict[str, Any] = {"code": code, "role": "participant"}
        if phone.index in token:
            payload["token"] = token[phone.index]
        if phone.home:
            payload["home"] = phone.home
        for _attempt in range(5):
            try:
                answer = await call(client, "join", payload, timeout=10)
                break
            except Exception:  # noqa: BLE001 - asked again, like the browser
                if not client.connected:
                    return
                await asyncio.sleep(random.uniform(1, 3))
        else:
            errors.append("join: no answer after 5 tries")
            return
        if not answer.get("ok"):
            errors.append(f"join: {answer.get('error')}")
            return
        token.setdefault(phone.index, str(answer.get("token")))
        phone.process = answer.get("process")
        phone.home = phone.home or phone.process
        phone.joined = phone.ever_joined = True

    async def go_home(phone: Phone) -> None:
        client = clients[phone.index]
        phone.sent_home += 1
        phone.leaving = True
        await client.disconnect()
        phone.leaving = False
        try:
            await client.connect(url, namespaces=[NAMESPACE], transports=["websocket"],
                                 wait_timeout=30)
        except Exception as exc:  # noqa: BLE001 - recorded
            errors.append(f"go home: {type(exc).__name__}")
        # the connect handler joins again, naming the home

    def wire(phone: Phone) -> None:
        client = clients[phone.index]

        @client.event(namespace=NAMESPACE)
        async def connect() -> None:
            if phone.ever_joined and not phone.leaving:  # a reconnect: the first join is below
                asyncio.get_running_loop().create_task(join(phone))

        @client.event(namespace=NAMESPACE)
        async def disconnect(*_reason: Any) -> None:
            phone.joined = False
            if not phone.leaving:
                phone.dropped += 1

        @client.on("go_home", namespace=NAMESPACE)
        async def on_go_home(*_data: Any) -> None:
            asyncio.get_running_loop().create_task(go_home(phone))

    for phone in phones:
        wire(phone)
    await join_all(clients, url, lambda index: join(phones[index]), errors)
    steps: list[dict[str, Any]] = []
    joined_at_start = sum(p.joined for p in phones)
    for port in ports:
        before = {p.index: (p.dropped, p.sent_home) for p in phones}
        started = time.perf_counter()
        await asyncio.get_running_loop().run_in_executor(None, restart, port)
        back = None
        deadline = time.perf_counter() + settle
        while time.perf_counter() < deadline:
            if back is None and all(p.joined for p in phones):
                back = time.perf_counter() - started
            if back is not None and all(p.joined and p.process == p.home for p in phones):
                break
            await asyncio.sleep(0.5)
        steps.append({
            "restarted": port,
            "dropped": sum(p.dropped > before[p.index][0] for p in phones),
            "sent_home": sum(p.sent_home > before[p.index][1] for p in phones),
            "joined": sum(p.joined for p in phones),
            "at_home": sum(p.joined and p.process == p.home for p in phones),
            "back_seconds": round(back, 2) if back is not None else None,
            "seconds": round(time.perf_counter() - started, 2),
        })
    for client in clients:  # the end of the run is no drop
        client.handlers.get(NAMESPACE, {}).pop("disconnect", None)
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)
    await close_http_sessions()
    homes: dict[str, int] = {}
    for phone in phones:
        homes[str(phone.home)] = homes.get(str(phone.home), 0) + 1
    return {
        "participants": participants,
        "joined": joined_at_start,
        "homes": homes,
        "steps": steps,
        "largest_share_dropped": round(max((s["dropped"] for s in steps), default=0)
                                       / max(participants, 1), 2),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
    }


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run and print (and write) the report."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--insecure", action="store_true")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--ports", nargs="+", default=["8001", "8002"])
    parser.add_argument("--restart", default="deploy/prod-local.sh restart {port}",
                        help="command that restarts one process; {port} is replaced")
    parser.add_argument("--settle", type=float, default=45)
    parser.add_argument("--json", dest="json_path")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    random.seed(args.seed)
    raise_fd_limit()
    if args.url.startswith("https:"):
        use_tls(args.insecure)

    def restart(port: str) -> None:
        subprocess.run(shlex.split(args.restart.format(port=port)), check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)

    report = asyncio.run(run_rolling_restart(args.url.rstrip("/"), args.code, args.participants,
                                             args.ports, restart, args.settle))
    print_report(report, args.json_path)


if __name__ == "__main__":
    main()
