"""A writable content tree for tests (copied from fixtures/good)."""

from __future__ import annotations

from pathlib import Path

from learnplatform.content.errors import ContentError
from learnplatform.content.validate import validate_content

GOOD = Path(__file__).parent / "fixtures" / "good"


class ContentTree:
    """A writable content root, copied from fixtures/good."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, rel: str) -> Path:
        """Absolute path of a file in the tree."""
        return self.root / rel

    def read(self, rel: str) -> str:
        """Text of a file."""
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        """Create or overwrite a file."""
        self.path(rel).parent.mkdir(parents=True, exist_ok=True)
        self.path(rel).write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        """Replace text that must occur exactly once."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        self.write(rel, text.replace(old, new))

    def line_of(self, rel: str, needle: str, occurrence: int = 1) -> int:
        """1-based line of the n-th line containing `needle`."""
        hits = [n for n, line in enumerate(self.read(rel).splitlines(), 1) if needle in line]
        return hits[occurrence - 1]

    def errors(self) -> list[ContentError]:
        """Every problem the validator finds."""
        return validate_content(self.root)
