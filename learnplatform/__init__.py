"""learnplatform: integrity and safety training for Dutch decentral political office holders.

This file stays free of app wiring so that the Flask-free parts (`learnplatform.content`,
`learnplatform.live.engine`) import without Flask. The app factory lives in `learnplatform.app`;
`learnplatform.create_app` still resolves to it (lazily) for `flask --app learnplatform` and
`gunicorn "learnplatform:create_app()"`.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """Resolve `create_app` on first use instead of at import time."""
    if name == "create_app":
        from learnplatform.app import create_app

        return create_app
    raise AttributeError(f"module 'learnplatform' has no attribute {name!r}")
