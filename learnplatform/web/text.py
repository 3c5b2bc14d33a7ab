"""The one helper for user text that others will see: no invisible or direction-changing
characters.

A right-to-left override makes `‮evil‬` show as "live" on the projector; zero-width characters
make two names that look the same differ (or hide words from a moderator's eye). Every piece of
user text shown to someone else (arguments, names, attendance names, dilemma text) passes through
`clean_text` before it is stored.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# Kept: line breaks and tabs in longer text. Everything else in the "control" (Cc) and "format"
# (Cf) categories goes: bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), marks
# (U+200E/F, U+061C), zero-width space/joiners (U+200B-200D, U+2060, U+FEFF), soft hyphen, ...
_KEEP = {"\n", "\t"}


def clean_text(text: str) -> str:
    """`text` in NFC without control or format characters (line breaks and tabs stay)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(char for char in text
                   if char in _KEEP or unicodedata.category(char) not in ("Cc", "Cf"))


def clean_strings(value: Any) -> Any:
    """`clean_text` applied to every string inside nested dicts and lists (dilemma content)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_strings(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_strings(item) for key, item in value.items()}
    return value
