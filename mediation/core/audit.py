"""Hash-chained audit events: every state change leaves one, and tampering shows."""

import hashlib
import json
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, select, text
from sqlalchemy.orm import Mapped, mapped_column

from mediation.core.db import UTCDateTime, utcnow
from mediation.extensions import db

GENESIS = "0" * 64
# Any fixed number: the key of the PostgreSQL advisory lock that serialises appends.
CHAIN_LOCK_KEY = 7_240_113


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    payload: Mapped[str] = mapped_column(Text)
    # Unique, so two appends can never both follow the same event: the chain stays a line.
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))

    @property
    def data(self) -> dict:
        return json.loads(self.payload)

    def compute_hash(self) -> str:
        return chain_hash(
            self.prev_hash,
            self.occurred_at,
            self.actor_id,
            self.action,
            self.subject_type,
            self.subject_id,
            self.payload,
        )


def chain_hash(prev, occurred_at, actor_id, action, subject_type, subject_id, payload) -> str:
    """Return the SHA-256 of an event's fields and the hash of the event before it."""
    fields = [prev, occurred_at.isoformat(), actor_id, action, subject_type, subject_id, payload]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_chain() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})


def record_event(
    action: str,
    subject_type: str,
    subject_id: int,
    actor_id=None,
    occurred_at: datetime | None = None,
    **data,
):
    """Append an event to the chain; the caller's transaction commits it.

    `occurred_at` is for history loaded from a file: the day it happened, not the day it was
    entered (the chain's order, and its hashes, still say when it was appended).
    """
    _lock_chain()
    last = db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    event = AuditEvent(
        occurred_at=occurred_at or utcnow(),
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=json.dumps(data, ensure_ascii=False, sort_keys=True, default=str),
        prev_hash=last or GENESIS,
    )
    event.hash = event.compute_hash()
    db.session.add(event)
    db.session.flush()
    return event


def events_for(subject_type: str, subject_id: int) -> list[AuditEvent]:
    query = (
        select(AuditEvent)
        .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id == subject_id)
        .order_by(AuditEvent.id)
    )
    return list(db.session.scalars(query))


def first_broken_event(batch_size: int = 1000) -> tuple[AuditEvent, str] | None:
    """Walk the chain in order and return the first event that does not hold, with why."""
    expected_prev = GENESIS
    last_id = 0
    while True:
        batch = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.id > last_id)
            .order_by(AuditEvent.id)
            .limit(batch_size)
        ).all()
        if not batch:
            return None
        for event in batch:
            if event.prev_hash != expected_prev:
                return event, "does not follow the event before it (one was removed or reordered)"
            if event.compute_hash() != event.hash:
                return event, "its contents were changed after it was written"
            expected_prev = event.hash
            last_id = event.id
