"""The load benchmark keeps working: a small run against the platform and the bare stack.

Figures are not asserted (performance goals live in `benchmarks/`); what is asserted is what the
closing notes rely on: every participant joins, every vote is acknowledged and counted, and the
report carries every field the issue names.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"participants", "joined", "join_seconds", "votes_acked", "votes_counted", "ack_p50_ms",
          "ack_p95_ms", "count_update_p95_ms", "votes_per_s", "server_rss_mb", "errors"}


@pytest.mark.parametrize(("target", "extra"), [("platform", ["--reconnect"]), ("bare", [])])
def test_small_run_acknowledges_and_counts_every_vote(target: str, extra: list[str],
                                                      tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "benchmarks.live_load", "--participants", "8", "--window", "0.5",
         "--target", target, "--json", str(out), *extra],
        cwd=ROOT, check=True, capture_output=True, timeout=120)
    report = json.loads(out.read_text())
    assert report.keys() >= FIELDS
    assert report["joined"] == report["votes_acked"] == report["votes_counted"] == 8
    assert report["errors"] == 0
    if extra:  # after a reconnect storm everyone is back, with their own vote
        assert report["rejoined"] == report["votes_restored"] == 8
