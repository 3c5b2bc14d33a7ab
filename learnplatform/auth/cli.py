"""`flask users …`: accounts from the command line, above all an installation's first beheerder.

`users create` makes an account without a usable password and prints a one-time link to choose one
(the same signed link a new account gets by e-mail), so production needs no demo data and no
password on the command line.
"""

from __future__ import annotations

import secrets

import click
from flask import current_app
from sqlalchemy import func, select

from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.auth.services import (
    create_user,
    external_url,
    find_user_by_email,
    is_last_beheerder,
)
from learnplatform.auth.tokens import Purpose, make_password_token
from learnplatform.extensions import db

ROLE_CHOICE = click.Choice([role.value for role in Role])
KIND_CHOICE = click.Choice([kind.value for kind in OrganisationKind])


def password_link(user: User, purpose: Purpose) -> str:
    """An absolute one-time link for `user` to set a password, outside any request."""
    public = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=str(public).rstrip("/")):
        return external_url("auth.set_password", token=make_password_token(user, purpose))


def _organisation(name: str | None, kind: str) -> Organisation | None:
    if not name:
        return None
    found = db.session.scalars(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    ).first()
    if found is not None:
        return found
    org = Organisation(name=name.strip(), kind=OrganisationKind(kind))
    db.session.add(org)
    return org


def _user_or_fail(email: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the address {email}.")
    return user


def _echo_link(user: User, purpose: Purpose) -> None:
    if not current_app.config.get("PUBLIC_URL"):
        click.echo("Note: PUBLIC_URL is not set; the link below names http://127.0.0.1:5000.",
                   err=True)
    hours = (int(current_app.config.get("ACCOUNT_INVITE_MAX_AGE", 7 * 24 * 3600))
             if purpose == "welcome" else int(current_app.config["PASSWORD_RESET_MAX_AGE"]))
    click.echo(f"One-time link to set the password (valid {hours // 3600} h, works once):")
    click.echo(password_link(user, purpose))


@click.group("users")
def users_command() -> None:
    """Create and list accounts, change roles (the first beheerder of an installation)."""


@users_command.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name shown in the platform.")
@click.option("--role", "roles", type=ROLE_CHOICE, multiple=True, required=True,
              help="A role; repeat for several (e.g. --role beheerder).")
@click.option("--organisation", help="Organisation name; created when it does not exist yet.")
@click.option("--organisation-kind", type=KIND_CHOICE, default=OrganisationKind.GEMEENTE.value,
              show_default=True, help="Kind of a newly created organisation.")
def create_command(email: str, name: str, roles: tuple[str, ...], organisation: str | None,
                   organisation_kind: str) -> None:
    """Create an account and print a one-time link to set its password."""
    if "@" not in email or not name.strip():
        raise click.ClickException("Give a valid e-mail address and a name.")
    if find_user_by_email(email) is not None:
        raise click.ClickException(f"An account with the address {email} already exists.")
    org = _organisation(organisation, organisation_kind)
    # a random password nobody knows: the link is the only way in
    user = create_user(email, name, secrets.token_urlsafe(32), {Role(r) for r in roles},
                       organisation=org)
    db.session.commit()
    click.echo(f"Created {user.email} ({', '.join(sorted(roles))}).")
    _echo_link(user, "welcome")


@users_command.command("list")
def list_command() -> None:
    """List every account: e-mail, name, roles, organisation, active."""
    users = db.session.scalars(select(User).order_by(func.lower(User.email)))
    for user in users:
        roles = ",".join(sorted(role.value for role in user.roles)) or "-"
        org = user.organisation.name if user.organisation else "-"
        state = "active" if user.active else "inactive"
        click.echo(f"{user.email}\t{user.name}\t{roles}\t{org}\t{state}")


@users_command.command("set-role")
@click.argument("email")
@click.argument("roles", nargs=-1, required=True, type=ROLE_CHOICE)
def set_role_command(email: str, roles: tuple[str, ...]) -> None:
    """Give an account exactly these roles (e.g. `users set-role a@b.nl trainer deelnemer`)."""
    user = _user_or_fail(email)
    wanted = {Role(r) for r in roles}
    if Role.BEHEERDER not in wanted and is_last_beheerder(user):
        raise click.ClickException("This is the last beheerder; give another account that role "
                                   "first.")
    user.set_roles(wanted)
    db.session.commit()
    click.echo(f"{user.email}: {', '.join(sorted(roles))}.")


@users_command.command("password-link")
@click.argument("email")
def password_link_command(email: str) -> None:
    """Print a one-time link to set a new password for an existing account."""
    user = _user_or_fail(email)
    _echo_link(user, "reset")
