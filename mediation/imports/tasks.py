"""The import job of the scheduler process, and `flask imports run` for the same work."""

import click
from flask.cli import AppGroup

from mediation.core.scheduler import periodic, worker_name
from mediation.imports import operations


@periodic("imports", seconds=10)
def write_queued_imports() -> int:
    """Write every queued import batch (each commits its own chunks)."""
    return operations.run_queued(worker_name())


imports_cli = AppGroup("imports", help="Write queued history imports.")


@imports_cli.command("run")
@click.option("--batch", "batch_id", type=int, help="Write only this batch.")
def run_command(batch_id: int | None) -> None:
    """Write the queued import batches now, then exit."""
    if batch_id is None:
        click.echo(f"Import batches written: {operations.run_queued(worker_name())}")
        return
    claimed = operations.claim_batch(worker_name(), batch_id)
    if claimed is None:
        raise click.ClickException(f"Batch {batch_id} is not waiting to be written.")
    batch = operations.run_batch(claimed)
    click.echo(
        f"Batch {batch.id}: {batch.status}, {batch.written_rows} written, "
        f"{batch.skipped_rows} already there."
    )
