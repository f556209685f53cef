"""Service layer of imports: check a file, queue it, claim it, write it in chunks.

`check_file` and `queue_batch` run in the web request: reading and validating are fast and
write nothing but the batch row. The writing is `run_batch`, a job of the scheduler process
(and of `flask imports run`): it commits after each chunk with the batch's progress, so no web
worker holds a long write transaction, and on any failure removes what the batch had written.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, delete, insert, or_, select, update

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.extensions import db
from mediation.imports import writers
from mediation.imports.columns import ENDED_WITHOUT_OUTCOME, Kind
from mediation.imports.context import build_context
from mediation.imports.models import BatchStatus, ImportBatch, ImportedRecord
from mediation.imports.reading import FileProblem, read_table
from mediation.imports.validation import Validated, validate

log = logging.getLogger(__name__)


@dataclass
class Checked:
    kind: Kind
    filename: str
    sha256: str
    validated: Validated


def check_file(kind: Kind, filename: str, content: bytes, user: User, today: date) -> Checked:
    """Read and validate an uploaded file; raise FileProblem when it cannot be read at all."""
    if len(content) > current_app.config["IMPORT_MAX_BYTES"]:
        raise FileProblem("too_large", limit=current_app.config["IMPORT_MAX_BYTES"] // 2**20)
    table = read_table(filename, content, current_app.config["IMPORT_MAX_ROWS"])
    validated = validate(kind, table, build_context(user, kind, today))
    return Checked(kind, filename, hashlib.sha256(content).hexdigest(), validated)


def queue_batch(checked: Checked, user: User) -> ImportBatch:
    """Queue a validated file for writing."""
    batch = ImportBatch(
        kind=checked.kind.value,
        filename=checked.filename[:255],
        sha256=checked.sha256,
        status=BatchStatus.QUEUED,
        total_rows=len(checked.validated.rows),
        rows=checked.validated.rows,
        report={"already_at_upload": checked.validated.already},
        organisation_id=user.organisation_id,
        created_by_id=user.id,
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def claim_batch(worker: str, batch_id: int | None = None) -> int | None:
    """Atomically claim the oldest queued batch (or one whose worker died); commit the claim."""
    now = utcnow()
    claimable = or_(
        ImportBatch.status == BatchStatus.QUEUED,
        and_(ImportBatch.status == BatchStatus.RUNNING, ImportBatch.claimed_until < now),
    )
    query = select(ImportBatch.id).where(claimable).order_by(ImportBatch.created_at).limit(1)
    if batch_id is not None:
        query = query.where(ImportBatch.id == batch_id)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    found = db.session.scalar(query)
    if found is None:
        db.session.commit()
        return None
    # The claim condition is repeated, so a batch claimed meanwhile is not taken twice.
    claimed = db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == found, claimable)
        .values(
            status=BatchStatus.RUNNING,
            claimed_by=worker,
            claimed_until=now + _claim_length(),
            started_at=now,
        )
        .returning(ImportBatch.id)
    ).scalar()
    db.session.commit()
    return claimed


def _claim_length() -> timedelta:
    return timedelta(seconds=current_app.config["IMPORT_CLAIM_SECONDS"])


def remove_written(batch: ImportBatch) -> None:
    """Delete every record the batch wrote and its register rows."""
    ids = list(
        db.session.scalars(
            select(ImportedRecord.record_id).where(ImportedRecord.batch_id == batch.id)
        )
    )
    db.session.execute(delete(ImportedRecord).where(ImportedRecord.batch_id == batch.id))
    for start in range(0, len(ids), 500):
        writers.remove_records(batch.kind, ids[start : start + 500])
    batch.done_rows = batch.written_rows = batch.skipped_rows = 0


def _known_keys(batch: ImportBatch) -> set[tuple[int, str]]:
    keys = select(ImportedRecord.county_id, ImportedRecord.source_ref).where(
        ImportedRecord.kind == batch.kind
    )
    known = {(county, ref) for county, ref in db.session.execute(keys)}
    if batch.kind == Kind.MEDIATORS:
        mobiles = set(db.session.scalars(select(User.mobile)))
        known |= {(r["county_id"], r["key"]) for r in batch.rows if r["key"] in mobiles}
    return known


def write_chunk(
    batch: ImportBatch, chunk: list[dict], known: set, zone: str
) -> list[tuple[dict, int]]:
    """Write the rows of a chunk not already imported; return them with their records' ids."""
    fresh = [r for r in chunk if (r["county_id"], r["key"]) not in known]
    ids = writers.write_rows(batch.kind, fresh, zone, batch.created_by_id)
    if fresh:
        db.session.execute(
            insert(ImportedRecord),
            [
                {
                    "batch_id": batch.id,
                    "kind": batch.kind,
                    "county_id": row["county_id"],
                    "source_ref": row["key"],
                    "record_id": record_id,
                }
                for row, record_id in zip(fresh, ids, strict=True)
            ],
        )
    known.update((r["county_id"], r["key"]) for r in fresh)
    batch.done_rows += len(chunk)
    batch.written_rows += len(fresh)
    batch.skipped_rows += len(chunk) - len(fresh)
    batch.claimed_until = utcnow() + _claim_length()
    return list(zip(fresh, ids, strict=True))


def finish_batch(batch: ImportBatch, ended: list[tuple[dict, int]], zone: str) -> None:
    """Record the cases' endings, the batch's one audit event and its report."""
    events = writers.record_case_endings(ended, zone, batch.id)
    batch.status = BatchStatus.DONE
    batch.finished_at = utcnow()
    batch.claimed_until = None
    batch.report = {
        **(batch.report or {}),
        "rows": batch.total_rows,
        "written": batch.written_rows,
        "already_there": batch.skipped_rows,
        "lifecycle_events": events,
    }
    batch.rows = []
    record_event(
        "import.completed",
        "import_batch",
        batch.id,
        actor_id=batch.created_by_id,
        kind=batch.kind,
        filename=batch.filename,
        sha256=batch.sha256,
        rows=batch.total_rows,
        written=batch.written_rows,
        already_there=batch.skipped_rows,
    )


def fail_batch(batch_id: int, error: Exception) -> None:
    """Remove what a failed batch wrote and say why; commits."""
    db.session.rollback()
    batch = db.session.get(ImportBatch, batch_id)
    remove_written(batch)
    batch.status = BatchStatus.FAILED
    batch.finished_at = utcnow()
    batch.claimed_until = None
    batch.error = f"{type(error).__name__}: {error}"[:2000]
    batch.rows = []
    db.session.commit()


def run_batch(batch_id: int) -> ImportBatch:
    """Write a claimed batch chunk by chunk, committing each; the job's edge is here."""
    zone = current_app.config["TIMEZONE"]
    size = max(1, current_app.config["IMPORT_CHUNK_ROWS"])
    batch = db.session.get(ImportBatch, batch_id)
    try:
        if batch.done_rows or batch.written_rows:
            remove_written(batch)  # a worker died mid-way: start again from nothing
            db.session.commit()
        known = _known_keys(batch)
        rows = list(batch.rows)
        ended: list[tuple[dict, int]] = []
        for start in range(0, len(rows), size):
            written = write_chunk(batch, rows[start : start + size], known, zone)
            ended += [(r, i) for r, i in written if r.get("outcome") in ENDED_WITHOUT_OUTCOME]
            db.session.commit()
        finish_batch(batch, ended, zone)
        db.session.commit()
    except Exception as error:
        log.exception("import batch %s failed", batch_id)
        fail_batch(batch_id, error)
    return db.session.get(ImportBatch, batch_id)


def run_queued(worker: str) -> int:
    """Claim and write queued batches one after another; return how many ran."""
    count = 0
    while (batch_id := claim_batch(worker)) is not None:
        run_batch(batch_id)
        count += 1
    return count
