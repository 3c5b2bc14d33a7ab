"""`flask content check`: validate the content files without creating the app.

Registered as a Flask CLI plugin (entry point `flask.commands` in pyproject.toml), so it works
even when invalid content would stop the app from starting.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from learnplatform.config import PROJECT_ROOT
from learnplatform.content.errors import ContentError
from learnplatform.content.validate import check_content


def _default_root() -> Path:
    return Path(os.environ.get("CONTENT_ROOT") or PROJECT_ROOT)


@click.group("content")
def content() -> None:
    """Course content: modules, scenarios, tracks and session programmes."""


@content.command("check")
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check(path: Path | None, as_json: bool) -> None:
    """Validate the content under PATH (default: CONTENT_ROOT or the repository root)."""
    root = (path or _default_root()).resolve()
    result = check_content(root)
    errors = list(result.errors)
    if not (root / "modules").is_dir() and not (root / "scenarios").is_dir():
        errors.insert(
            0,
            ContentError(
                ".",
                1,
                f"no content in {root}: neither modules/ nor scenarios/ exists",
                "pass the repository root as PATH or set CONTENT_ROOT",
            ),
        )
    counts = result.registry.counts()
    if as_json:
        report = {
            **counts,
            "audiences": result.registry.counts_per_audience(),
            "themes": result.registry.counts_per_theme(),
            "programme_timings": result.registry.programme_timings(),
            "errors": [e.as_dict() for e in errors],
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for error in errors:
            click.echo(str(error))
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        click.echo(f"{len(errors)} error(s); {summary} valid")
    if errors:
        raise click.exceptions.Exit(1)
