"""The English catalogue is complete: every message in the code and templates is in it,
translated, not fuzzy, with its placeholders kept."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import learnplatform

ROOT = Path(learnplatform.__file__).parent.parent
TRANSLATIONS = ROOT / "learnplatform" / "translations"
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


def test_every_message_in_code_and_templates_is_in_the_catalogue() -> None:
    """Also in folders starting with "_" (templates/_partials), which pybabel skips by default."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po) if m.id}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    found = extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords,
        directory_filter=lambda path: Path(path).name not in {".git", ".venv", "node_modules"})
    missing = sorted({(msg if isinstance(msg, str) else msg[0]) + f"  ({name}:{line})"
                      for name, line, msg, *_rest in found
                      if (msg if isinstance(msg, str) else msg[0]) not in known})
    assert not missing, "run `make i18n`; not in the catalogue:\n" + "\n".join(missing)


def test_dutch_catalogue_exists() -> None:
    assert (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").is_file()
