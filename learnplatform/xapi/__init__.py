"""Learning records in xAPI 1.0.3: an outbox filled from learning events, an export, and optional
forwarding to an LRS in the background."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_app_context


def _after_commit(session: Any) -> None:
    """Statements were committed: forward them in the background (never in the request)."""
    from learnplatform.xapi import recorder
    from learnplatform.xapi.delivery import start_background_delivery

    if session.info.pop(recorder.PENDING_FLAG, False) and has_app_context():
        start_background_delivery(current_app._get_current_object())  # type: ignore[attr-defined]


def _after_rollback(session: Any) -> None:
    from learnplatform.xapi import recorder

    session.info.pop(recorder.PENDING_FLAG, None)


def init_app(app: Flask) -> None:
    """Connect the learning signals, the after-commit delivery, the CLI and the download."""
    from sqlalchemy import event

    from learnplatform.auth.personal_data import register_eraser
    from learnplatform.extensions import db
    from learnplatform.learning import signals
    from learnplatform.xapi import recorder
    from learnplatform.xapi.cli import xapi
    from learnplatform.xapi.personal_data import erase_statements
    from learnplatform.xapi.views import bp

    signals.module_started.connect(recorder.on_module_started, weak=False)
    signals.question_answered.connect(recorder.on_question_answered, weak=False)
    signals.module_completed.connect(recorder.on_module_completed, weak=False)
    signals.track_completed.connect(recorder.on_track_completed, weak=False)
    signals.certificate_issued.connect(recorder.on_certificate_issued, weak=False)
    register_eraser(erase_statements)
    app.cli.add_command(xapi)
    app.register_blueprint(bp)
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _after_rollback)
