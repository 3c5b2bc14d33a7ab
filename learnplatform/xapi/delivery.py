"""Forward the outbox to an LRS (XAPI_LRS_URL), at least once, with retries; never in a request.

`deliver_pending()` posts waiting statements in batches; a failed batch is retried later with a
growing pause (1, 2, 4 … minutes, at most an hour). It runs from `flask xapi deliver` (a timer)
and from a background task started after a commit that recorded statements.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import requests
from flask import Flask, current_app
from sqlalchemy import or_, select

from learnplatform.db_types import utcnow
from learnplatform.extensions import db, socketio
from learnplatform.xapi.models import XapiStatement
from learnplatform.xapi.statements import XAPI_VERSION

BATCH = 50
MAX_PAUSE = timedelta(hours=1)
_running = threading.Lock()


def lrs_configured() -> bool:
    """True when statements are to be forwarded."""
    return bool(current_app.config.get("XAPI_LRS_URL"))


def _endpoint() -> str:
    return str(current_app.config["XAPI_LRS_URL"]).rstrip("/") + "/statements"


def _auth() -> tuple[str, str] | None:
    user = current_app.config.get("XAPI_LRS_USERNAME")
    return (str(user), str(current_app.config.get("XAPI_LRS_PASSWORD") or "")) if user else None


def _waiting(limit: int) -> list[XapiStatement]:
    now = utcnow()
    return list(db.session.scalars(
        select(XapiStatement)
        .where(XapiStatement.delivered_at.is_(None),
               or_(XapiStatement.next_attempt_at.is_(None), XapiStatement.next_attempt_at <= now))
        .order_by(XapiStatement.created_at, XapiStatement.id).limit(limit)))


def _post(batch: list[XapiStatement]) -> str | None:
    """Send one batch; None when the LRS has every statement, else the error."""
    try:
        response = requests.post(
            _endpoint(), json=[row.statement for row in batch], auth=_auth(), timeout=15,
            headers={"X-Experience-API-Version": XAPI_VERSION})
    except requests.RequestException as error:
        return f"{type(error).__name__}: {error}"[:300]
    # 409: the LRS already holds statements with these ids (an earlier attempt arrived)
    if response.status_code in (200, 204, 409):
        return None
    return f"HTTP {response.status_code}: {response.text}"[:300]


def deliver_pending(max_batches: int = 100) -> tuple[int, int]:
    """Deliver what is due; returns (delivered, failed). Commits per batch."""
    delivered = failed = 0
    for _ in range(max_batches):
        batch = _waiting(BATCH)
        if not batch:
            break
        error = _post(batch)
        now = utcnow()
        for row in batch:
            if error is None:
                row.delivered_at, row.last_error = now, None
            else:
                row.attempts += 1
                row.last_error = error
                row.next_attempt_at = now + min(timedelta(minutes=2 ** (row.attempts - 1)),
                                                MAX_PAUSE)
        db.session.commit()
        if error is not None:
            failed += len(batch)
            break
        delivered += len(batch)
    return delivered, failed


def _deliver_in_background(app: Flask) -> None:
    if not _running.acquire(blocking=False):
        return  # another task is delivering; it picks these up too
    try:
        with app.app_context():
            try:
                deliver_pending()
            except Exception:  # a delivery problem must never take the process down
                db.session.rollback()
                app.logger.exception("xAPI delivery failed")
            finally:
                db.session.remove()
    finally:
        _running.release()


def start_background_delivery(app: Flask) -> None:
    """Deliver in a background task, so no request ever waits for the LRS."""
    if app.config.get("XAPI_LRS_URL") and app.config.get("XAPI_BACKGROUND", True):
        socketio.start_background_task(_deliver_in_background, app)

