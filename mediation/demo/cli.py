"""`flask seed-demo` and `flask demo-logins`."""

import click
from flask.cli import with_appcontext

from mediation.core.db import utcnow
from mediation.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, database_is_empty, seed_demo
from mediation.extensions import db
from mediation.video.demo import call_links


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
@with_appcontext
def demo_logins_command() -> None:
    """Print the demo accounts to log in with, and the demo call's three join links."""
    click.echo("")
    click.echo(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
    for role, mobile in DEMO_LOGINS:
        click.echo(f"  {role:<12} {mobile}")
    click.echo("")
    found = call_links() if not database_is_empty() else None
    if found is None:
        return
    room, links = found
    if room.state == "ended" or room.closes_at <= utcnow():
        click.echo("The demo video call's room has closed; seed a fresh database for a new one.")
        click.echo("")
        return
    click.echo("Demo video call: open each link in its own browser (or private window):")
    for who, name, url in links:
        click.echo(f"  {who:<12} {name}  {url}")
    click.echo("")
