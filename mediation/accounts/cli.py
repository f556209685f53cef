"""`flask accounts create-admin`: the first administrator of an empty deployment."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.core.audit import record_event
from mediation.core.identity import is_mobile, normalise_mobile
from mediation.core.urls import external
from mediation.extensions import db

accounts_cli = AppGroup("accounts", help="Manage staff accounts from the command line.")


def _mobile(ctx, param, value: str) -> str:
    number = normalise_mobile(value or "")
    if not is_mobile(number):
        raise click.BadParameter("an 11-digit mainland mobile number, e.g. 13812345678")
    return number


def _name(ctx, param, value: str) -> str:
    name = (value or "").strip()
    if not name or len(name) > 60 or not name.isprintable():
        raise click.BadParameter("a name of 1 to 60 printable characters")
    return name


@accounts_cli.command("create-admin")
@click.option("--name", required=True, callback=_name, help="The administrator's full name.")
@click.option("--mobile", required=True, callback=_mobile, help="Their mainland mobile number.")
def create_admin(name: str, mobile: str) -> None:
    """Create a deployment-wide administrator, who logs in with a code texted to the mobile."""
    if db.session.scalar(select(User.id).where(User.mobile == mobile)) is not None:
        click.echo(f"Refused: an account with the mobile {mobile} exists already.", err=True)
        raise SystemExit(1)
    user = User(name=name, mobile=mobile, role=Role.ADMIN, organisation=None)
    db.session.add(user)
    db.session.flush()
    record_event("user.admin_created", "user", user.id, method="cli", role=user.role)
    db.session.commit()
    click.echo(f"Created administrator {name} ({mobile}) for the whole deployment.")
    click.echo(f"To log in, open {external('accounts.log_in_with_code')}, enter {mobile},")
    click.echo("ask for a code and type the code texted to that number. The scheduler")
    click.echo("(`flask scheduler run`) sends texts; with NOTIFY_BACKENDS=log it prints them.")
    click.echo(f"Then build the organisation tree and invite staff at {external('admin.index')}.")
