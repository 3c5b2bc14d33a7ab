"""Signed, expiring links to set a password: for a reset request and for a new account.

The token carries a digest of the current password hash, so it stops working once it has been used
(or the password changed some other way).
"""

from __future__ import annotations

from typing import Literal

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from learnplatform.auth.models import User
from learnplatform.extensions import db

SALT = "learnplatform.password-token"
Purpose = Literal["reset", "welcome"]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _max_age(purpose: str) -> int:
    if purpose == "welcome":
        return int(current_app.config.get("ACCOUNT_INVITE_MAX_AGE", 7 * 24 * 3600))
    return int(current_app.config["PASSWORD_RESET_MAX_AGE"])


def make_password_token(user: User, purpose: Purpose = "reset") -> str:
    """A URL-safe token that lets `user` set a new password once."""
    return _serializer().dumps({"u": user.id, "h": user.password_fingerprint(), "p": purpose})


def verify_password_token(token: str) -> User | None:
    """The active user the token belongs to, or None if it is garbled, expired or used."""
    serializer = _serializer()
    try:
        payload = serializer.loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    purpose = str(payload.get("p", "reset"))
    try:
        serializer.loads(token, max_age=_max_age(purpose))
    except SignatureExpired:  # the purpose decides how long a signed token stays valid
        return None
    user = db.session.get(User, payload["u"])
    if user is None or not user.active or payload.get("h") != user.password_fingerprint():
        return None
    return user
