"""Serve the platform with Socket.IO: `python -m learnplatform.serve [--host H] [--port P]`.

The async mode comes from SOCKETIO_ASYNC_MODE (threading by default). In gevent mode the standard
library is monkey-patched before the app is imported, as gevent requires.
"""

from __future__ import annotations

import argparse
import gc
import os


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and run the Socket.IO server in the configured async mode."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args(argv)
    gevent = os.environ.get("SOCKETIO_ASYNC_MODE") == "gevent"
    if gevent:
        import gevent as gevent_module
        from gevent import monkey

        # Every socket spawns greenlets; recording each one's spawning stack (a debugging aid)
        # cost CPU per connection and kept thirty frame objects per phone for the collector.
        gevent_module.config.track_greenlet_tree = False
        monkey.patch_all()

    from learnplatform.app import create_app
    from learnplatform.extensions import socketio

    app = create_app()
    # Everything loaded so far (the app, its content, the libraries) lives as long as the
    # process: moved out of the collector's generations, a full collection no longer walks it
    # (with a room of phones connected, full passes cost a fifth of the join CPU).
    gc.freeze()
    print(f"learnplatform: http://{args.host}:{args.port}/", flush=True)  # noqa: T201
    # gevent's server names no versions; Werkzeug's (threading mode) needs its handler replaced
    extra = {} if gevent else {"allow_unsafe_werkzeug": True,
                               "request_handler": quiet_request_handler()}
    socketio.run(app, host=args.host, port=args.port, debug=False, use_reloader=False,
                 log_output=False, **extra)


def quiet_request_handler() -> type:
    """Werkzeug's request handler without versions in the `Server` header (it would name the
    Werkzeug and Python versions to anyone looking for a known weakness)."""
    from werkzeug.serving import WSGIRequestHandler

    class QuietRequestHandler(WSGIRequestHandler):
        def version_string(self) -> str:
            return "learnplatform"

    return QuietRequestHandler


if __name__ == "__main__":
    main()
