"""The outbox: messages and timed work as rows, claimed atomically and sent once.

Operations enqueue in the same transaction as the change that causes them, so a message exists
exactly when its cause was committed. The scheduler process claims due rows with a lease; two
scheduler processes never claim the same row, and rows left by a crash are claimed again once
their lease runs out.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, Text, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from mediation.core.db import JSONDocument, UTCDateTime, utcnow
from mediation.extensions import db

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
HANDLERS: dict[str, Callable[[dict], None]] = {}


class OutboxMessage(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "sent_at", "cancelled_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # Rows that stand for the same thing (a session's 24-hour reminder) share a key, so a
    # reschedule moves the row instead of adding a second one.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    payload: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


def handler(kind: str):
    """Register the function that carries out outbox messages of one kind."""

    def register(function: Callable[[dict], None]):
        HANDLERS[kind] = function
        return function

    return register


def enqueue(
    kind: str,
    payload: dict,
    due_at: datetime | None = None,
    recipient_id: int | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Add a message (or move the unsent one with the same key); the caller commits."""
    message = None
    if dedupe_key is not None:
        message = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
        )
    if message is None:
        message = OutboxMessage(kind=kind, dedupe_key=dedupe_key)
        db.session.add(message)
    elif message.sent_at is not None:
        return message
    message.payload = payload
    message.recipient_id = recipient_id
    message.due_at = due_at or utcnow()
    message.cancelled_at = None
    message.attempts = 0
    db.session.flush()
    return message


def cancel(dedupe_key_prefix: str) -> int:
    """Cancel the unsent messages whose key starts with a prefix; return how many."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.dedupe_key.startswith(dedupe_key_prefix, autoescape=True),
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.cancelled_at.is_(None),
        )
        .values(cancelled_at=utcnow())
    )
    return result.rowcount


def claim_due(worker: str, limit: int = 50, now: datetime | None = None) -> list[int]:
    """Atomically lease up to `limit` due messages to one worker and return their ids."""
    now = now or utcnow()
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.cancelled_at.is_(None),
            OutboxMessage.due_at <= now,
            OutboxMessage.attempts < MAX_ATTEMPTS,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    # A materialised CTE is evaluated once; a plain IN (subquery ... LIMIT) may be re-run by
    # PostgreSQL's planner and claim more rows than asked.
    due = due.cte("due").prefix_with("MATERIALIZED", dialect="postgresql")
    # The lease condition is repeated in the UPDATE so a row claimed meanwhile is not taken twice.
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == due.c.id,
            OutboxMessage.sent_at.is_(None),
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .values(claimed_by=worker, claimed_until=now + LEASE)
        .returning(OutboxMessage.due_at, OutboxMessage.id)
    ).all()
    db.session.commit()
    # RETURNING gives rows in storage order; deliver in the order they fell due, so a person
    # hears of a booking before its move and its cancellation.
    return [message_id for _due, message_id in sorted(claimed)]


def deliver(message_id: int, worker: str) -> bool:
    """Carry out one claimed message; record success, or failure with a back-off."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.claimed_by != worker or message.sent_at is not None:
        return False
    try:
        HANDLERS[message.kind](message.payload | {"outbox_id": message.id})
    except Exception as error:  # a failed send is retried later, whatever went wrong
        db.session.rollback()
        message = db.session.get(OutboxMessage, message_id)
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        message.due_at = utcnow() + timedelta(seconds=30 * 2 ** min(message.attempts, 10))
        message.claimed_until = None
        db.session.commit()
        log.warning("outbox %s (%s) failed: %s", message_id, message.kind, message.last_error)
        return False
    message.sent_at = utcnow()
    message.attempts += 1
    message.claimed_until = None
    db.session.commit()
    return True


def run_due(worker: str | None = None, limit: int = 50) -> int:
    """Claim and deliver due messages; return how many were delivered."""
    worker = worker or uuid.uuid4().hex
    return sum(deliver(message_id, worker) for message_id in claim_due(worker, limit))
