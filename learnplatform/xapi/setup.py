"""Wiring of the learning records into the app (kept out of the package's __init__)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Connect the learning signals, the CLI and the download."""
    from learnplatform.auth.personal_data import register_eraser
    from learnplatform.learning import signals
    from learnplatform.live.signals import session_attended
    from learnplatform.xapi import recorder
    from learnplatform.xapi.cli import xapi
    from learnplatform.xapi.personal_data import erase_statements
    from learnplatform.xapi.views import bp

    signals.module_started.connect(recorder.on_module_started, weak=False)
    signals.question_answered.connect(recorder.on_question_answered, weak=False)
    signals.module_completed.connect(recorder.on_module_completed, weak=False)
    signals.track_completed.connect(recorder.on_track_completed, weak=False)
    signals.certificate_issued.connect(recorder.on_certificate_issued, weak=False)
    session_attended.connect(recorder.on_session_attended, weak=False)
    register_eraser(erase_statements)
    app.cli.add_command(xapi)
    app.register_blueprint(bp)
