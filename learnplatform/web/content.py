"""Access to the content registry loaded at start-up."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from learnplatform.content.loader import load_content
from learnplatform.content.registry import ContentRegistry

EXTENSION_KEY = "learnplatform.content"


def init_content(app: Flask) -> None:
    """Load and validate the content files once; the app refuses to start when they are invalid.

    Raises learnplatform.content.errors.InvalidContentError listing `path:line: message (hint)`
    for every problem (the same output as `flask content check`).
    """
    app.extensions[EXTENSION_KEY] = load_content(Path(app.config["CONTENT_ROOT"]))


def get_content() -> ContentRegistry:
    """The registry of the current app."""
    registry = current_app.extensions[EXTENSION_KEY]
    assert isinstance(registry, ContentRegistry)  # noqa: S101 - set by init_content only
    return registry
