"""Real server processes for tests: a free port, `learnplatform.serve` started and awaited, stopped.

Used by the browser tests (tests/e2e) and the two-process test (tests/live/test_multiprocess.py).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """An unused TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int, env: dict[str, str], log: Path | None = None) -> subprocess.Popen[bytes]:
    """Start `python -m learnplatform.serve` (as `make run` does) and wait until /healthz answers.

    Output goes to `log` (appended; shown when the server fails to come up) or nowhere.
    """
    argv = [sys.executable, "-m", "learnplatform.serve", "--port", str(port)]
    if log is None:
        proc = subprocess.Popen(argv, env=env, cwd=PROJECT_ROOT,  # noqa: S603 - fixed argv
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        with log.open("ab") as out:
            proc = subprocess.Popen(argv, env=env, cwd=PROJECT_ROOT,  # noqa: S603 - fixed argv
                                    stdout=out, stderr=subprocess.STDOUT)
    _wait_until_up(f"http://127.0.0.1:{port}/healthz", proc, log)
    return proc


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path | None,
                   timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    output = lambda: log.read_text() if log else ""  # noqa: E731 - tiny local reader
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{output()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer {url} in {timeout}s:\n{output()}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process (SIGTERM, then SIGKILL after 10 s)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
