"""The stack's own ceiling: a bare Flask-SocketIO app doing only join, vote, ack and count.

Same namespace, events and async mode as the platform, plus the one broadcast a phone needs to
know that the vote is open; nothing else (no database, no validation, no coalescing), so
`live_load` can report the platform's figures as a ratio of it.
Run: `python -m benchmarks.bare_stack --port 5055 [--async-mode gevent|threading]`.
"""

from __future__ import annotations

import argparse
import os
import sys

OPEN_STATE = {
    "rounds": [{"key": "0:0", "status": "open"}],
    "dilemma": {"title": "Dilemma", "situation_html": "<p>" + "situatie " * 160 + "</p>",
                "question": "Wat doe je?",
                "options": [{"id": o, "label": o, "text": "keuze " * 12} for o in "abcd"]},
}


def main(argv: list[str] | None = None) -> None:
    """Serve the bare app until killed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--async-mode", default=os.environ.get("SOCKETIO_ASYNC_MODE", "threading"))
    args = parser.parse_args(argv)
    if args.async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()

    from flask import Flask, request
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode=args.async_mode)
    votes: dict[str, str] = {}
    code = "000000"

    @app.route("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @socketio.on("join", namespace="/live")
    def join(data: dict[str, str]) -> dict[str, object]:
        room = "trainer" if data.get("role") in {"control", "presenter"} else "participants"
        join_room(room)
        return {"ok": True, "token": request.sid, "state": {"phase": "voting", "code": code}}

    @socketio.on("command", namespace="/live")
    def command(data: dict[str, str]) -> dict[str, object]:
        state: dict[str, object] = {"phase": "voting"}
        if data.get("name") == "open_vote":
            # Phones learn that the vote is open from a broadcast about as large as the platform's
            # participant state (about 2 kB: the dilemma's text and options).
            socketio.emit("state", {**OPEN_STATE, "phase": "voting"}, to="participants",
                          namespace="/live")
        if data.get("name") == "reveal":
            state = {"phase": "revealed", "rounds": [{"key": "0:0", "total": len(votes)}]}
        return {"ok": True, "state": state}

    @socketio.on("vote", namespace="/live")
    def vote(data: dict[str, str]) -> dict[str, object]:
        votes[request.sid] = data["option"]
        socketio.emit("count", {"round": "0:0", "votes": len(votes)}, to="trainer",
                      namespace="/live")
        return {"ok": True, "round": data.get("round"), "option": data["option"]}

    print(f"bare stack ({args.async_mode}) on http://{args.host}:{args.port}/", flush=True)
    socketio.run(app, host=args.host, port=args.port, log_output=False,
                 allow_unsafe_werkzeug=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
