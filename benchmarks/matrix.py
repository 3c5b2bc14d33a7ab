"""Run the live-session benchmark for several room sizes against the platform and the bare stack.

    python -m benchmarks.matrix [--participants 50 200 500] [--async-mode threading]
        [--window 10] [--out benchmarks/results]

Each combination (room size x window/burst x platform/bare) runs `benchmarks.live_load` in its own
process with a fresh server, writes its JSON report to the output folder, and the whole set is
printed as one Markdown table in which the platform's throughput and latency sit beside the bare
stack's, so each figure reads as a share of what Flask-SocketIO itself manages on this machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

COLUMNS = ("joined", "votes_acked", "votes_counted", "ack_p50_ms", "ack_p95_ms",
           "count_update_p95_ms", "votes_per_s", "server_rss_mb", "errors")


def run_one(participants: int, burst: bool, target: str, async_mode: str, window: float,
            out: Path) -> dict[str, Any]:
    """Run one benchmark in a child process and return its report."""
    mode = "burst" if burst else f"window{window:g}"
    path = out / f"{async_mode}-{target}-{participants}-{mode}.json"
    cmd = [sys.executable, "-m", "benchmarks.live_load", "--participants", str(participants),
           "--target", target, "--async-mode", async_mode, "--window", str(window),
           "--json", str(path)]
    if burst:
        cmd.append("--burst")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    report: dict[str, Any] = json.loads(path.read_text())
    return report


def ratio(platform: float | None, bare: float | None) -> str:
    """The platform's figure as a percentage of the bare stack's."""
    if not platform or not bare:
        return "-"
    return f"{100 * platform / bare:.0f} %"


def table(rows: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    """A Markdown table with one line per room size and mode."""
    lines = [
        "| participants | mode | acked / counted | open vote reaches phones p95 (ms) "
        "| ack p50 / p95 (ms) | count p95 (ms) | votes/s | bare: fan-out p95 / ack p95 (ms) "
        "| bare: votes/s | throughput vs bare | RSS MB (bare) | errors |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for plat, bare in rows:
        lines.append(
            f"| {plat['participants']} | {plat['mode']} "
            f"| {plat['votes_acked']} / {plat['votes_counted']} | {plat['fanout_p95_ms']} "
            f"| {plat['ack_p50_ms']} / {plat['ack_p95_ms']} | {plat['count_update_p95_ms']} "
            f"| {plat['votes_per_s']} | {bare['fanout_p95_ms']} / {bare['ack_p95_ms']} "
            f"| {bare['votes_per_s']} "
            f"| {ratio(plat['votes_per_s'], bare['votes_per_s'])} "
            f"| {plat['server_rss_mb']} ({bare['server_rss_mb']}) "
            f"| {plat['errors']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run every combination and print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--async-mode", default="threading")
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for participants in args.participants:
        for burst in (False, True):
            plat = run_one(participants, burst, "platform", args.async_mode, args.window, args.out)
            bare = run_one(participants, burst, "bare", args.async_mode, args.window, args.out)
            rows.append((plat, bare))
            print(f"done: {participants} {plat['mode']}", file=sys.stderr)
    text = f"Async mode: {args.async_mode}\n\n{table(rows)}\n"
    (args.out / f"{args.async_mode}-table.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
