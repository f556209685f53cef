"""Import batches (one uploaded file each) and the records each row of them wrote."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import JSONDocument, UTCDateTime, utcnow
from mediation.extensions import db


class BatchStatus(StrEnum):
    QUEUED = "queued"  # validated, waiting for the scheduler or `flask imports run`
    RUNNING = "running"  # claimed by a worker, written chunk by chunk
    DONE = "done"
    FAILED = "failed"  # stopped mid-way; whatever it had written was removed


class ImportBatch(db.Model):
    """One validated file waiting to be written, being written, or written."""

    __tablename__ = "import_batches"
    __table_args__ = (Index("ix_import_batches_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # mediation.imports.columns.Kind
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default=BatchStatus.QUEUED)
    total_rows: Mapped[int] = mapped_column(default=0)
    # Rows handled so far (written or found already there): the progress bar.
    done_rows: Mapped[int] = mapped_column(default=0)
    written_rows: Mapped[int] = mapped_column(default=0)
    skipped_rows: Mapped[int] = mapped_column(default=0)
    # The validated rows, as the worker writes them (ids resolved, dates as ISO text). Loaded
    # only when read: the worker reloads the batch after every chunk's commit, and a file of
    # 10,000 rows would otherwise be read back and parsed again each time.
    rows: Mapped[list] = mapped_column(JSONDocument, default=list, deferred=True)
    report: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    # The importing user's organisation: who else may see the batch (None: deployment-wide).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User] = relationship()

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == BatchStatus.DONE else 0
        return min(100, self.done_rows * 100 // self.total_rows)

    @property
    def finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)


class ImportedRecord(db.Model):
    """The record one row of a batch wrote, under the row's key: the idempotency register.

    A key (the case's 原编号, a mediator's mobile, a screening's place and day) is imported
    once per kind and county; a later file with the same key finds it here and skips the row.
    """

    __tablename__ = "imported_records"
    __table_args__ = (
        UniqueConstraint("kind", "county_id", "source_ref", name="uq_imported_records_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The county centre the row belongs to (0 where the organisation has no county above it).
    county_id: Mapped[int]
    source_ref: Mapped[str] = mapped_column(String(120))
    # The record written: a dispute, a mediator or a screening log, by id.
    record_id: Mapped[int]
