"""The one safe-redirect helper: every `next` parameter goes through `safe_next`.

Only a local path is followed. Browsers drop tabs and newlines from URLs and read a backslash as a
slash, so `/\\t/evil.example`, `/\\\\evil.example` and `//evil.example` all lead off-site; every
such form, and anything with a scheme or host, falls back to a local page instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


def is_local_path(target: str | None) -> bool:
    """True for a same-site path such as `/account/?tab=1`; False for anything a browser could
    read as another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str = "web.home") -> str:
    """`target` if it is a local path, else the URL of the `fallback` endpoint."""
    return target if target is not None and is_local_path(target) else url_for(fallback)
