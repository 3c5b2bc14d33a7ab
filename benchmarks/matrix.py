"""Run the live-session benchmark for several room sizes against the platform and the bare stack.

    python -m benchmarks.matrix [--participants 50 200 500] [--async-mode threading]
        [--window 10] [--repeat 3] [--out benchmarks/results] [--reuse]

Each combination (room size x window/burst x platform/bare) runs `benchmarks.live_load` in its own
process with a fresh server and writes its JSON report to the output folder. Burst runs vary from
run to run on a shared 2-core machine, so they are repeated (platform and bare alternately) and
the run with the median throughput is reported. The set is printed as one Markdown table in which
the platform's figures sit beside the bare stack's, so each reads as a share of what
Flask-SocketIO itself manages on this machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

Report = dict[str, Any]


def run_one(participants: int, burst: bool, target: str, args: argparse.Namespace,
            attempt: int) -> Report:
    """Run one benchmark in a child process and return its report (or reuse a saved one)."""
    mode = "burst" if burst else f"window{args.window:g}"
    path = args.out / f"{args.async_mode}-{target}-{participants}-{mode}-{attempt}.json"
    if not (args.reuse and path.exists()):
        cmd = [sys.executable, "-m", "benchmarks.live_load", "--participants", str(participants),
               "--target", target, "--async-mode", args.async_mode, "--window", str(args.window),
               "--seed", str(attempt + 1), "--json", str(path)]
        if burst:
            cmd.append("--burst")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - fixed module
    report: Report = json.loads(path.read_text())
    return report


def median_run(reports: list[Report]) -> Report:
    """The report whose throughput is the median of the runs (the lower middle one if even)."""
    ordered = sorted(reports, key=lambda r: r["votes_per_s"] or 0)
    return ordered[(len(ordered) - 1) // 2]


def ratio(platform: float | None, bare: float | None) -> str:
    """The platform's figure as a percentage of the bare stack's."""
    if not platform or not bare:
        return "-"
    return f"{100 * platform / bare:.0f} %"


def table(rows: list[tuple[Report, Report, list[float]]]) -> str:
    """A Markdown table with one line per room size and mode."""
    lines = [
        "| participants | mode | joined in (s) | acked / counted | open vote reaches phones "
        "p95 (ms) | ack p50 / p95 (ms) | count p95 (ms) | votes/s | bare: ack p95 (ms) "
        "| bare: votes/s | votes/s vs bare (each run) | server CPU ms/vote (bare) "
        "| RSS MB (bare) | errors |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for plat, bare, ratios in rows:
        each = ", ".join(f"{r:.0f}" for r in ratios)
        lines.append(
            f"| {plat['participants']} | {plat['mode']} | {plat['join_seconds']} "
            f"| {plat['votes_acked']} / {plat['votes_counted']} | {plat['fanout_p95_ms']} "
            f"| {plat['ack_p50_ms']} / {plat['ack_p95_ms']} | {plat['count_update_p95_ms']} "
            f"| {plat['votes_per_s']} | {bare['ack_p95_ms']} | {bare['votes_per_s']} "
            f"| {ratio(plat['votes_per_s'], bare['votes_per_s'])} ({each}) "
            f"| {plat.get('server_cpu_ms_per_vote')} ({bare.get('server_cpu_ms_per_vote')}) "
            f"| {plat['server_rss_mb']} ({bare['server_rss_mb']}) | {plat['errors']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run every combination and print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--async-mode", default="threading")
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per burst measurement")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument("--reuse", action="store_true",
                        help="use reports already in --out instead of running them again")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for participants in args.participants:
        for burst in (False, True):
            runs: dict[str, list[Report]] = {"platform": [], "bare": []}
            for attempt in range(args.repeat if burst else 1):
                for target in runs:
                    runs[target].append(run_one(participants, burst, target, args, attempt))
            ratios = [100 * p["votes_per_s"] / b["votes_per_s"]
                      for p, b in zip(runs["platform"], runs["bare"], strict=True)]
            rows.append((median_run(runs["platform"]), median_run(runs["bare"]), ratios))
            print(f"done: {participants} {'burst' if burst else 'window'}: "
                  f"median ratio {statistics.median(ratios):.0f} %", file=sys.stderr)
    text = f"Async mode: {args.async_mode}\n\n{table(rows)}\n"
    (args.out / f"{args.async_mode}-table.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
