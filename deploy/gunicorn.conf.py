"""gunicorn settings for one learnplatform process (Socket.IO needs one worker per process).

Used by the systemd template `learnplatform@.service` and by `make prod-local`:

    gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8001 "learnplatform:create_app()"

Scale out with more processes on other ports behind nginx, never with more workers: a Socket.IO
connection lives in one process. This file must not import the app (gevent patches first).
"""

import gc
import os

# Every socket spawns greenlets; recording each one's spawning stack (a debugging aid) costs CPU
# per connection and keeps thirty frame objects per phone for the collector (docs/benchmarks.md).
os.environ.setdefault("GEVENT_TRACK_GREENLET_TREE", "false")

# gevent: thousands of WebSockets per process; the worker monkey-patches the standard library
# before the app is imported, which the Redis client and psycopg rely on.
worker_class = "gevent"
workers = 1
# Simultaneous connections per process. gunicorn's default (1000) cut a room at 1,000 phones;
# every WebSocket is one of these. Keep LimitNOFILE (systemd) well above it.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "5000"))
# A Socket.IO connection lives for hours; the gevent worker heartbeats independently of requests,
# so `timeout` only catches a worker that is truly stuck.
timeout = 60
# On SIGTERM (systemctl stop/restart) open sockets get this long; phones then reconnect (with
# jitter) to the other processes.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "10"))
keepalive = 75
# the app reads its settings from the environment; Socket.IO must run in gevent mode here
raw_env = ["SOCKETIO_ASYNC_MODE=gevent"]
# nginx on the same machine is the only client; its X-Forwarded-* are handled by the app
# (TRUSTED_PROXIES), not by gunicorn
forwarded_allow_ips = "127.0.0.1"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = "warning"
# gunicorn's control socket (gunicornc) defaults to one path per user: the processes of one machine
# would fight over it ("File exists: ~/.gunicorn" at start). systemd manages the processes instead.
control_socket_disable = True


def post_worker_init(_worker: object) -> None:
    """The app is loaded: move everything that lives as long as the process out of the garbage
    collector's generations (as `learnplatform.serve` does), so full collections with a room of
    phones connected no longer walk it."""
    gc.freeze()
