"""Redis connection pools that hold under a reconnect storm: the rate-limit counters and the queue.

redis-py's default pool holds at most 100 connections and raises "Too many connections" for the
101st caller. When a process dies mid-session, its half of the room reconnects to the survivor
within seconds, and each rejoin checks its address's limits in Redis: hundreds of greenlets at
once, and 32–78 of 1,000 phones got a server error instead of their rejoin (docs/benchmarks.md,
fail-over). A blocking pool lets a caller past the limit wait for a free connection instead;
Redis answers in well under a millisecond, so the wait is short.

REDIS_MAX_CONNECTIONS (per process, default 50) and REDIS_POOL_TIMEOUT (seconds a caller waits
for a free connection before it fails, default 10) tune the counters' pool.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

_EXTENSION_KEY = "learnplatform.redis_pools"


def _blocking_pool(app: Flask, uri: str) -> Any:
    """One blocking pool per app and Redis URL."""
    pools: dict[str, Any] = app.extensions.setdefault(_EXTENSION_KEY, {})
    if uri not in pools:
        import redis

        pools[uri] = redis.BlockingConnectionPool.from_url(
            uri, max_connections=int(app.config["REDIS_MAX_CONNECTIONS"]),
            timeout=float(app.config["REDIS_POOL_TIMEOUT"]))
    return pools[uri]


def rate_limit_storage_options(app: Flask) -> dict[str, Any]:
    """Options for a `limits` Redis storage of this app: one shared blocking pool per app
    (the HTTP rate limits and the live limits use the same counters' server). Empty without
    Redis."""
    uri = app.config.get("RATELIMIT_STORAGE_URI") or ""
    if not uri.startswith(("redis://", "rediss://", "unix://")):
        return {}
    return {"connection_pool": _blocking_pool(app, uri)}


def client(app: Flask) -> Any:
    """A Redis client on REDIS_URL with this app's blocking pool (REDIS_URL must be set)."""
    import redis

    return redis.Redis(connection_pool=_blocking_pool(app, str(app.config["REDIS_URL"])))


def message_queue_manager(app: Flask) -> Any:
    """The Socket.IO Redis message queue of this app, or None without Redis (Flask-SocketIO then
    runs on its own, in one process). python-socketio makes its client with `Redis.from_url`,
    which takes no blocking pool; its pool gets a cap well above any storm instead
    (REDIS_QUEUE_MAX_CONNECTIONS, default 1,000): a publish holds a connection for well under a
    millisecond, and connections are only opened when needed."""
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    import socketio

    return socketio.RedisManager(url, channel=app.config["SOCKETIO_CHANNEL"],
                                 redis_options={"max_connections": int(
                                     app.config["REDIS_QUEUE_MAX_CONNECTIONS"])})
