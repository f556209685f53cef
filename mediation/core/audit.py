"""Hash-chained audit events: every state change leaves one, and tampering shows."""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, insert, select, text
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


def _head() -> str:
    last = db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return last or GENESIS


def _payload(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


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
    event = AuditEvent(
        occurred_at=occurred_at or utcnow(),
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=_payload(data),
        prev_hash=_head(),
    )
    event.hash = event.compute_hash()
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class Entry:
    """One event of many appended together (see `record_events`)."""

    action: str
    subject_type: str
    subject_id: int
    actor_id: int | None = None
    occurred_at: datetime | None = None
    data: dict = field(default_factory=dict)


def record_events(entries: Sequence[Entry]) -> int:
    """Append events in their order under one lock and one read of the head; return how many.

    Each is chained on the one before it exactly as `record_event` would chain it, and they are
    inserted in one statement, so loading history appends thousands without a round trip each.
    """
    if not entries:
        return 0
    _lock_chain()
    prev = _head()
    rows = []
    for entry in entries:
        occurred_at = entry.occurred_at or utcnow()
        payload = _payload(entry.data)
        fields = (entry.actor_id, entry.action, entry.subject_type, entry.subject_id, payload)
        digest = chain_hash(prev, occurred_at, *fields)
        rows.append(
            {
                "occurred_at": occurred_at,
                "actor_id": entry.actor_id,
                "action": entry.action,
                "subject_type": entry.subject_type,
                "subject_id": entry.subject_id,
                "payload": payload,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    # One row after another (an executemany, never reordered), so ids follow the chain.
    db.session.execute(insert(AuditEvent), rows)
    return len(rows)


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
