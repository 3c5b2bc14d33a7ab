"""Fixtures for the learning tests: a small content tree covering every block type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Point the app at the fixture content."""
    return {**app_config, "CONTENT_ROOT": str(FIXTURES)}
