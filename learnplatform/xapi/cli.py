"""`flask --app learnplatform xapi export|deliver`."""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from learnplatform.auth.models import Organisation
from learnplatform.extensions import db
from learnplatform.xapi import delivery, export

xapi = AppGroup("xapi", help="Learning records (xAPI 1.0.3): export and delivery to an LRS.")


@xapi.command("export")
@click.option("--organisation", "name", required=True, help="Name of the organisation.")
@click.option("--since", default=None, help="Only statements from this date on (YYYY-MM-DD).")
@click.option("--json", "target", required=True, type=click.File("w", encoding="utf-8"),
              help="File to write the statements to ('-' for standard output).")
def export_command(name: str, since: str | None, target: TextIO) -> None:
    """Write an organisation's xAPI statements to a JSON file."""
    org = db.session.scalars(select(Organisation).where(
        func.lower(Organisation.name) == name.strip().lower())).first()
    if org is None:
        raise click.ClickException(f"No organisation named {name!r}.")
    try:
        day = datetime.strptime(since, "%Y-%m-%d").date() if since else None
    except ValueError as error:
        raise click.ClickException("--since must be a date like 2026-09-01.") from error
    items = export.statements(org.id, day)
    target.write(export.to_json(items))
    click.echo(f"{len(items)} statement(s) of {org.name} written.", err=True)


@xapi.command("deliver")
def deliver_command() -> None:
    """Forward waiting statements to the LRS (XAPI_LRS_URL); failures are retried later."""
    if not delivery.lrs_configured():
        click.echo("XAPI_LRS_URL is not set; nothing to deliver to.")
        return
    delivered, failed = delivery.deliver_pending()
    click.echo(f"{delivered} statement(s) delivered, {failed} to retry.")
    if failed:
        raise SystemExit(1)
