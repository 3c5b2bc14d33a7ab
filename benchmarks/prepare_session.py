"""Prepare a benchmark run: a trainer account and a live session; prints their credentials as JSON.

Runs inside the throw-away instance folder that `live_load` set up (LEARNPLATFORM_INSTANCE).
"""

from __future__ import annotations

import json

from learnplatform import create_app
from learnplatform.auth.models import Role
from learnplatform.auth.services import create_user, find_user_by_email
from learnplatform.extensions import db
from learnplatform.web.content import get_content

EMAIL = "bench-trainer@example.nl"
PASSWORD = "bench-wachtwoord-123"  # noqa: S105 - throw-away account in a throw-away database


def main() -> None:
    """Create (or reuse) the trainer and a fresh session on the first scenario; print JSON."""
    from learnplatform.live.services import create_session

    app = create_app()
    with app.app_context():
        trainer = find_user_by_email(EMAIL) or create_user(
            EMAIL, "Bench Trainer", PASSWORD, {Role.TRAINER}
        )
        scenario_id = sorted(get_content().scenarios)[0]
        session = create_session(trainer, "Benchmark", [scenario_id])
        db.session.commit()
        print(json.dumps({"code": session.code, "email": EMAIL, "password": PASSWORD}))  # noqa: T201


if __name__ == "__main__":
    main()
