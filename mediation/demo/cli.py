"""`flask seed-demo` and `flask demo-logins`."""

import click
from flask.cli import with_appcontext

from mediation.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, database_is_empty, seed_demo
from mediation.extensions import db


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has data already.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Build the demo county: organisations, mediators, studios, parties, disputes."""
    if not database_is_empty():
        if if_empty:
            click.echo("Demo data: the database has data already; leaving it as it is.")
            return
        raise click.ClickException("The database is not empty; seed-demo only fills an empty one.")
    click.echo("Building the demo county (organisations, 100 full-time mediators, disputes)...")
    seed_demo()
    db.session.commit()
    click.echo("Demo data loaded.")


@click.command("demo-logins")
def demo_logins_command() -> None:
    """Print the demo accounts to log in with."""
    click.echo("")
    click.echo(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
    for role, mobile in DEMO_LOGINS:
        click.echo(f"  {role:<12} {mobile}")
    click.echo("")
