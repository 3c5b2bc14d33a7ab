"""The routing cookie: a random value per device that lets nginx spread a venue over processes.

nginx hashes on it (`hash $cookie_lp_route consistent`, deploy/nginx/learnplatform.conf), so every
request of one phone, including Socket.IO's long-polling fallback, reaches the same process, while
a whole room behind one Wi-Fi address spreads over all processes (ip_hash put it on one). It is
set on the first page a device loads, which always comes before its Socket.IO connection. It holds
no identity: a random value, stored nowhere on the server and paired with nothing.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, request

ROUTING_COOKIE = "lp_route"
MAX_AGE_SECONDS = 24 * 3600


def init_routing_cookie(app: Flask) -> None:
    """Give every device that loads a page without the cookie a fresh random one."""

    @app.after_request
    def set_routing_cookie(response: Response) -> Response:
        if request.cookies.get(ROUTING_COOKIE) or response.mimetype != "text/html":
            return response
        response.set_cookie(
            ROUTING_COOKIE, secrets.token_urlsafe(12), max_age=MAX_AGE_SECONDS, path="/",
            httponly=True, samesite="Lax", secure=bool(app.config.get("SESSION_COOKIE_SECURE")))
        return response
