"""The outbox: messages and timed work as rows, claimed atomically, delivered at least once.

Operations enqueue in the same transaction as the change that causes them, so a message exists
exactly when its cause was committed. A scheduler claims a small batch of due rows with a short
claim and renews it before each send, so two live schedulers never send one row, and rows held
by a scheduler that died are claimed again within one claim length.

A process can die after a gateway took a message and before the row says so; the row is then
sent again. Every send therefore carries the row's idempotency key (`delivery_key`), the same on
every retry, so the receiver can drop the repeat: delivery is at least once, with a key.
"""

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ForeignKey, Index, String, Text, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from mediation.core.db import JSONDocument, UTCDateTime, utcnow
from mediation.extensions import db

log = logging.getLogger(__name__)

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


def claim_length() -> timedelta:
    """Return how long a claim holds a row before another scheduler may take it."""
    return timedelta(seconds=current_app.config["OUTBOX_CLAIM_SECONDS"])


def batch_size() -> int:
    """Return how many due rows a scheduler claims at a time."""
    return current_app.config["OUTBOX_BATCH_SIZE"]


def delivery_key(message: OutboxMessage) -> str:
    """Return the idempotency key of a message: the same on every retry, new for new content."""
    content = json.dumps([message.kind, message.payload], sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    return f"{current_app.config['OUTBOX_KEY_PREFIX']}-{message.id}-{digest}"


def claim_due(worker: str, limit: int | None = None, now: datetime | None = None) -> list[int]:
    """Atomically claim up to `limit` due messages for one worker and return their ids."""
    now = now or utcnow()
    limit = limit or batch_size()
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
    # The claim condition is repeated in the UPDATE so a row claimed meanwhile is not taken twice.
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == due.c.id,
            OutboxMessage.sent_at.is_(None),
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .values(claimed_by=worker, claimed_until=now + claim_length())
        .returning(OutboxMessage.due_at, OutboxMessage.id)
    ).all()
    db.session.commit()
    # RETURNING gives rows in storage order; deliver in the order they fell due, so a person
    # hears of a booking before its move and its cancellation.
    return [message_id for _due, message_id in sorted(claimed)]


def renew(message_ids: list[int], worker: str, now: datetime | None = None) -> set[int]:
    """Extend a worker's claim on unsent rows; return the ids it still holds."""
    if not message_ids:
        return set()
    now = now or utcnow()
    held = db.session.scalars(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(message_ids),
            OutboxMessage.claimed_by == worker,
            OutboxMessage.sent_at.is_(None),
        )
        .values(claimed_until=now + claim_length())
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return set(held)


def _start_attempt(message_id: int, worker: str) -> bool:
    """Count an attempt on a row the worker still holds, committed before anything is sent."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.claimed_by == worker,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.cancelled_at.is_(None),
        )
        .values(attempts=OutboxMessage.attempts + 1, claimed_until=utcnow() + claim_length())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def deliver(message_id: int, worker: str) -> bool:
    """Carry out one claimed message; record success, or failure with a back-off."""
    if not _start_attempt(message_id, worker):
        return False
    message = db.session.get(OutboxMessage, message_id)
    key = delivery_key(message)
    if message.attempts > 1:
        # An earlier attempt may have reached the receiver; the same key lets it drop this one.
        log.info("outbox %s: attempt %s, key %s", message_id, message.attempts, key)
    kind = message.kind
    payload = message.payload | {"outbox_id": message.id, "idempotency_key": key}
    # No transaction stays open over the send: on SQLite the scheduler's transactions hold the
    # write lock, and a slow gateway would keep every other writer waiting.
    db.session.commit()
    try:
        HANDLERS[kind](payload)
    except Exception as error:  # a failed send is retried later, whatever went wrong
        db.session.rollback()
        message = db.session.get(OutboxMessage, message_id)
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        message.due_at = utcnow() + timedelta(seconds=30 * 2 ** min(message.attempts, 10))
        message.claimed_until = None
        db.session.commit()
        log.warning("outbox %s (%s) failed: %s", message_id, message.kind, message.last_error)
        return False
    message.sent_at = utcnow()
    message.claimed_until = None
    db.session.commit()
    return True


def deliver_batch(message_ids: list[int], worker: str) -> int:
    """Deliver a claimed batch in order, renewing the claim on the rest before each send."""
    delivered = 0
    for position, message_id in enumerate(message_ids):
        if message_id not in renew(message_ids[position:], worker):
            continue  # the claim ran out and another scheduler took the row
        delivered += deliver(message_id, worker)
    return delivered


def run_due(worker: str | None = None, limit: int | None = None) -> int:
    """Deliver every due message, one small batch at a time; return how many were delivered."""
    worker = worker or uuid.uuid4().hex
    limit = limit or batch_size()
    delivered = 0
    while claimed := claim_due(worker, limit):
        delivered += deliver_batch(claimed, worker)
        if len(claimed) < limit:
            break
    return delivered
