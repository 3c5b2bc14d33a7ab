"""`flask --app learnplatform reminders send [--dry-run]`: for cron or a systemd timer."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from learnplatform.extensions import db
from learnplatform.griffie import reminders as service
from learnplatform.web.content import get_content

reminders = AppGroup("reminders", help="Reminders for members and the griffie's weekly digest.")


@reminders.command("send")
@click.option("--dry-run", is_flag=True, help="List what is due; send nothing.")
def send_command(dry_run: bool) -> None:
    """Mail overdue-track and expiring-certificate reminders and weekly digests, each once."""
    due = service.due(get_content())
    for reminder in due:
        click.echo(f"{'would send' if dry_run else 'sent'}: {reminder.kind:9} "
                   f"{reminder.ref:40} {reminder.user.email}")
        if dry_run:
            continue
        service.record(reminder)
        service.deliver(reminder)
        db.session.commit()  # the mail leaves with the commit that records it: never twice
    click.echo(f"{len(due)} reminder(s) {'due' if dry_run else 'sent'}.")
