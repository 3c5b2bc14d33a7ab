"""Markdown to safe HTML for lesson and scenario text.

CommonMark with raw HTML disabled and no linkify, then sanitised with nh3 against a small
allow-list as a second line of defence. Headings are shifted down so a `#` in content never
competes with the page's own h1/h2 (heading order matters for screen readers).
"""

from __future__ import annotations

from functools import cache, lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h3", "h4", "h5", "h6",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
FIRST_HEADING_LEVEL = 3


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _shift_headings(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + FIRST_HEADING_LEVEL - 1, 6)
            token.tag = f"h{level}"


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Render Markdown to sanitised HTML (cached: content is immutable after start-up)."""
    parser = _parser()
    tokens = parser.parse(text)
    _shift_headings(tokens)
    html = parser.renderer.render(tokens, parser.options, {})
    return str(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener",
        )
    )
