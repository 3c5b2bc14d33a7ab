"""Load content files from a root folder into a ContentRegistry.

Layout: modules/<id>/module.yaml + modules/<id>/lessons/NN-<id>.yaml, scenarios/<id>.yaml,
tracks.yaml, sessions/<id>.yaml. Parsing and checks live in parse.py and validate.py.
"""

from __future__ import annotations

from pathlib import Path

from learnplatform.content.errors import ContentError, InvalidContentError
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.validate import check_content

__all__ = ["ContentError", "InvalidContentError", "load_content"]


def load_content(root: Path) -> ContentRegistry:
    """Parse and validate every content file under `root`.

    Raises InvalidContentError listing every problem (`path:line: message (hint)`).
    """
    result = check_content(root)
    if result.errors:
        raise InvalidContentError(result.errors)
    return result.registry
