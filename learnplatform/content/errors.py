"""Structured content problems: file, line, message and a hint that says what to do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in a content file; `file` is relative to the content root, `line` 1-based."""

    file: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_dict(self) -> dict[str, str | int]:
        """A JSON-ready mapping with the keys file, line, message and hint."""
        return asdict(self)


class InvalidContentError(Exception):
    """Raised when content files are invalid; carries every problem found, sorted by place."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"invalid content ({len(self.errors)} problem(s)):\n{lines}")
