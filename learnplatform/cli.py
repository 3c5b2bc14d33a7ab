"""Flask CLI commands: demo data."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.auth.services import create_user, find_user_by_email
from learnplatform.extensions import db
from learnplatform.griffie.demo import load_griffie_demo
from learnplatform.live.demo import load_live_demo

DEMO_PASSWORD = "oefenen-is-leren"  # noqa: S105 - published demo password, refused in production
DEMO_ORGANISATION = "Gemeente Voorbeeldstad"
DEMO_USERS: list[tuple[str, str, set[Role]]] = [
    ("raadslid@voorbeeld.nl", "Robin Raadslid", {Role.DEELNEMER}),
    ("trainer@voorbeeld.nl", "Tess Trainer", {Role.TRAINER, Role.DEELNEMER}),
    ("griffier@voorbeeld.nl", "Guus Griffier", {Role.GRIFFIER, Role.DEELNEMER}),
    ("beheerder@voorbeeld.nl", "Bo Beheerder", {Role.BEHEERDER}),
]


def load_demo_data() -> list[tuple[str, str]]:
    """Create the demo organisation, accounts and live sessions; returns (email, roles) per user."""
    org = db.session.scalars(
        select(Organisation).where(Organisation.name == DEMO_ORGANISATION)
    ).first()
    if org is None:
        org = Organisation(name=DEMO_ORGANISATION, kind=OrganisationKind.GEMEENTE)
        db.session.add(org)
    created = []
    for email, name, roles in DEMO_USERS:
        user = db.session.scalars(select(User).where(User.email == email)).first()
        if user is None:
            user = create_user(email, name, DEMO_PASSWORD, roles, organisation=org)
        if Role.TRAINER in roles:
            load_live_demo(user)
        created.append((email, ", ".join(sorted(r.value for r in roles))))
    db.session.flush()
    load_griffie_demo(org, find_user_by_email("griffier@voorbeeld.nl"), DEMO_PASSWORD)
    return created


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no users yet.")
def demo_command(if_empty: bool) -> None:
    """Load demo data: Gemeente Voorbeeldstad and one account per role."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Demo data is refused under the production configuration.")
    if if_empty and db.session.scalars(select(User.id).limit(1)).first() is not None:
        click.echo("Database already has users; demo data not loaded.")
        return
    users = load_demo_data()
    db.session.commit()
    click.echo(f"Demo data loaded for {DEMO_ORGANISATION}. Password for all: {DEMO_PASSWORD}")
    for email, roles in users:
        click.echo(f"  {email:28} {roles}")
