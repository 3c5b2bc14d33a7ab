"""The English catalogue is complete: every message translated, none fuzzy, placeholders kept."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

import learnplatform

TRANSLATIONS = Path(learnplatform.__file__).parent / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]|\{\w*\}")


def _forms(text: str | Sequence[str] | None) -> tuple[str, ...]:
    if text is None or isinstance(text, str):
        return (text or "",)
    return tuple(text)


def _problem(message: Message) -> str | None:
    if message.fuzzy:
        return "fuzzy"
    expected = {p for form in _forms(message.id) for p in PLACEHOLDER.findall(form)}
    for translation in _forms(message.string):
        if not translation:
            return "not translated"
        if set(PLACEHOLDER.findall(translation)) != expected:
            return f"placeholders differ from {sorted(expected)}"
    return None


def test_english_catalogue_is_complete_and_keeps_placeholders() -> None:
    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    failures = [f"{message.id!r}: {problem}" for message in catalogue
                if message.id and (problem := _problem(message))]
    assert not failures, "\n".join(failures)


def test_dutch_catalogue_exists() -> None:
    assert (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").is_file()
