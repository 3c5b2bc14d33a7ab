"""Fixtures for the learning tests: a small content tree covering every block type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Point the app at the fixture content."""
    return {**app_config, "CONTENT_ROOT": str(FIXTURES)}


def _forget_cached_user() -> None:
    g.pop("_login_user", None)


@pytest.fixture
def app(app: Flask) -> Flask:
    """The root `app` fixture keeps one app context pushed, so `g` (where Flask-Login caches the
    user) would outlive a request; a real server starts every request afresh. Do that here too,
    so a second test client never acts as the first one's user."""
    app.before_request(_forget_cached_user)
    return app
