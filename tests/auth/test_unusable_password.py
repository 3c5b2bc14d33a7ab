"""An invited account has no usable password until its owner chooses one through the link."""

from __future__ import annotations

from flask import Flask

from learnplatform.auth.models import Role
from learnplatform.auth.services import authenticate, create_user
from learnplatform.auth.tokens import make_password_token, verify_password_token
from learnplatform.extensions import db


def test_no_password_matches_and_renewing_it_kills_the_old_link(app: Flask) -> None:
    with app.test_request_context():
        user = create_user("nieuw@example.nl", "Nieuw", None, {Role.DEELNEMER})
        db.session.commit()
        for attempt in ("", user.password_hash, user.password_hash[1:], "!"):
            assert authenticate("nieuw@example.nl", attempt) is None
        link = make_password_token(user, "welcome")
        assert verify_password_token(link) == user
        user.set_unusable_password()
        db.session.commit()
        assert verify_password_token(link) is None
