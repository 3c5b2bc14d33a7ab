"""Markdown renders to safe HTML, and the Jinja filter marks it safe."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from learnplatform.content.markdown import render_markdown


def test_basic_markdown() -> None:
    html = render_markdown("Dit is **vet** en *schuin*.\n\n- een\n- twee")
    assert "<strong>vet</strong>" in html
    assert "<em>schuin</em>" in html
    assert "<ul>\n<li>een</li>" in html


def test_raw_html_is_escaped_not_rendered() -> None:
    html = render_markdown('Hallo <script>alert(1)</script> <img src=x onerror="x()">')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_links_get_noopener_and_unsafe_schemes_are_dropped() -> None:
    html = render_markdown("[code](https://example.org) en [kwaad](javascript:alert(1))")
    assert '<a href="https://example.org" rel="noopener">code</a>' in html
    assert "javascript:" not in html.replace("[kwaad](javascript:alert(1))", "")
    assert 'href="javascript' not in html


def test_no_linkify_and_no_images() -> None:
    html = render_markdown("Zie https://example.org\n\n![logo](https://example.org/x.png)")
    assert "<a" not in html
    assert "<img" not in html


def test_headings_start_below_the_page_headings() -> None:
    html = render_markdown("# Een\n\n## Twee")
    assert "<h3>Een</h3>" in html
    assert "<h4>Twee</h4>" in html


def test_jinja_filter_returns_markup(app: Flask) -> None:
    template = app.jinja_env.from_string("{{ body|markdown }}|{{ none|markdown }}")
    rendered = template.render(body="**vet** <b>x</b>", none=None)
    assert rendered == "<p><strong>vet</strong> &lt;b&gt;x&lt;/b&gt;</p>\n|"
    assert isinstance(app.jinja_env.filters["markdown"]("x"), Markup)
