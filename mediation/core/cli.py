"""Command-line tools: audit verification, demo data, demo log-ins."""

import re

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from mediation.core.anchors import (
    AnchorFileError,
    head_is_in_chain,
    missing_anchors,
    read_anchors,
    record_anchor,
)
from mediation.core.audit import AuditEvent, first_broken_event
from mediation.core.holidays import holidays_cli
from mediation.core.scheduler import scheduler_cli
from mediation.extensions import db

audit_cli = AppGroup("audit", help="Inspect the hash-chained audit log.")


HASH = re.compile(r"[0-9a-f]{64}")


def _hash(ctx, param, value: str | None) -> str | None:
    if value is not None and not HASH.fullmatch(value.strip().lower()):
        raise click.BadParameter("a head hash is 64 hexadecimal characters")
    return value.strip().lower() if value else None


@audit_cli.command("verify")
@click.option(
    "--head",
    "head_hash",
    callback=_hash,
    help="A head hash recorded earlier: the chain must still contain it.",
)
@click.option(
    "--anchors",
    "anchors_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A file of recorded heads (one JSON line each): every one must still be in the chain.",
)
def verify_audit(head_hash: str | None, anchors_file: str | None) -> None:
    """Check every audit event against its hash and the one before it, and against anchors."""
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
    missing = []
    if head_hash and not head_is_in_chain(head_hash):
        missing.append(f"the head {head_hash} is not in the chain")
    anchors = []
    if anchors_file:
        try:
            anchors = read_anchors(anchors_file)
        except AnchorFileError as error:
            raise click.BadParameter(str(error), param_hint="--anchors") from None
        for anchor, what in missing_anchors(anchors):
            missing.append(
                f"audit event {anchor.event_id} (hash {anchor.hash}, anchored {anchor.time}) {what}"
            )
    if missing:
        for line in missing:
            click.echo(f"MISSING: {line}.", err=True)
        click.echo(
            "TAMPERED: events recorded by an anchor are gone or changed: the chain's tail was "
            "removed or rewritten.",
            err=True,
        )
        raise SystemExit(1)
    head = db.session.query(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1).scalar()
    checked = f", {len(anchors)} anchors hold" if anchors_file else ""
    checked += ", the given head is in it" if head_hash else ""
    click.echo(f"OK: {total} audit events, chain intact{checked}. Head hash: {head or '-'}")


@audit_cli.command("anchor")
def anchor_audit() -> None:
    """Record the chain's head now: append it to AUDIT_ANCHOR_FILE (and post it, if set)."""
    anchor = record_anchor()
    if anchor is None:
        click.echo("The audit chain is empty: nothing to anchor.")
        return
    db.session.commit()
    click.echo(f"Anchored to {current_app.config['AUDIT_ANCHOR_FILE']}: {anchor.line()}")


def register_cli(app: Flask) -> None:
    """Add the shared commands; the app factory adds the domains' own (the demo's)."""
    app.cli.add_command(audit_cli)
    app.cli.add_command(holidays_cli)
    app.cli.add_command(scheduler_cli)
