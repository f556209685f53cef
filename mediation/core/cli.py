"""Command-line tools: audit verification, demo data, demo log-ins."""

import click
from flask import Flask
from flask.cli import AppGroup

from mediation.core.audit import AuditEvent, first_broken_event
from mediation.extensions import db

audit_cli = AppGroup("audit", help="Inspect the hash-chained audit log.")


@audit_cli.command("verify")
def verify_audit() -> None:
    """Check every audit event against its hash and the one before it."""
    broken = first_broken_event()
    total = db.session.query(AuditEvent).count()
    if broken is not None:
        event, why = broken
        click.echo(
            f"TAMPERED: audit event {event.id} ({event.action} on {event.subject_type} "
            f"{event.subject_id}) {why}.",
            err=True,
        )
        raise SystemExit(1)
    head = db.session.query(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1).scalar()
    click.echo(f"OK: {total} audit events, chain intact. Head hash: {head or '-'}")


def register_cli(app: Flask) -> None:
    from mediation.core.holidays import holidays_cli
    from mediation.core.scheduler import scheduler_cli
    from mediation.demo.cli import demo_logins_command, seed_demo_command

    app.cli.add_command(audit_cli)
    app.cli.add_command(holidays_cli)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(demo_logins_command)
