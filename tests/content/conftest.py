"""Fixtures for content tests: a copy of the good fixture tree that a test can break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.content.helpers import GOOD, ContentTree


@pytest.fixture
def good_root() -> Path:
    """The valid fixture tree (read-only)."""
    return GOOD


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    """A writable copy of the valid fixture tree."""
    root = tmp_path / "content"
    shutil.copytree(GOOD, root)
    return ContentTree(root)
