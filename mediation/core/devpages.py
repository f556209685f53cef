"""Development pages: the outbox, so a demo shows what parties would receive.

The whole blueprint answers 404 unless DEV_OUTBOX_PAGE is on (the default in development, never
in production): message texts carry log-in codes and case details.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flask import Blueprint, current_app, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.core.auth import roles_required
from mediation.core.errors import NotFound
from mediation.core.notify import attachment_names
from mediation.core.outbox import MAX_ATTEMPTS, OutboxMessage
from mediation.core.people import Role
from mediation.extensions import db

bp = Blueprint("devpages", __name__, url_prefix="/dev")
RECENT = 200


class MessageState(StrEnum):
    WAITING = "waiting"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


STATE_LABELS = {
    MessageState.WAITING: _l("Waiting"),
    MessageState.SENT: _l("Sent"),
    MessageState.FAILED: _l("Failed"),
    MessageState.CANCELLED: _l("Cancelled"),
}


def state_of(
    sent_at: datetime | None, cancelled_at: datetime | None, last_error: str | None
) -> MessageState:
    """Say where a message stands: sent, cancelled, failed (and perhaps retrying), or waiting."""
    if sent_at is not None:
        return MessageState.SENT
    if cancelled_at is not None:
        return MessageState.CANCELLED
    if last_error:
        return MessageState.FAILED
    return MessageState.WAITING


@dataclass(frozen=True)
class OutboxEntry:
    """One message as the outbox page shows it."""

    id: int
    due_at: datetime
    sent_at: datetime | None
    name: str | None
    mobile: str | None
    email: str | None
    subject: str
    body: str
    attachments: list[str]
    state: MessageState
    attempts: int
    last_error: str | None
    gives_up: bool  # failed as often as the outbox tries

    @classmethod
    def of(cls, row: OutboxMessage) -> "OutboxEntry":
        payload = row.payload or {}
        return cls(
            id=row.id,
            due_at=row.due_at,
            sent_at=row.sent_at,
            name=payload.get("name"),
            mobile=payload.get("mobile"),
            email=payload.get("email"),
            subject=payload.get("subject", ""),
            body=payload.get("body", ""),
            attachments=attachment_names(payload),
            state=state_of(row.sent_at, row.cancelled_at, row.last_error),
            attempts=row.attempts,
            last_error=row.last_error,
            gives_up=row.attempts >= MAX_ATTEMPTS,
        )


def recent_messages(limit: int = RECENT) -> list[OutboxEntry]:
    """Return the latest notifications, the ones due last first."""
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == "notify")
        .order_by(OutboxMessage.due_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return [OutboxEntry.of(row) for row in rows]


@bp.before_request
def only_in_development() -> None:
    """Answer 404 for the whole blueprint unless the development outbox page is on."""
    if not current_app.config.get("DEV_OUTBOX_PAGE"):
        raise NotFound(_l("This page does not exist."))


@bp.route("/outbox")
@roles_required(Role.COORDINATOR, Role.ADMIN)
def outbox():
    """List what the service has sent or will send, as the recipients would read it."""
    return render_template(
        "core/outbox.html", messages=recent_messages(), labels=STATE_LABELS, limit=RECENT
    )
