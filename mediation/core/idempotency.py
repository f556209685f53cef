"""Idempotency keys: a repeated request with the same key creates nothing new."""

import hashlib
import json
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from mediation.core.db import UTCDateTime, utcnow
from mediation.core.errors import Conflict, ValidationFailed
from mediation.extensions import db

MAX_KEY_LENGTH = 128


class IdempotencyKey(db.Model):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_idempotency_keys_scope_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    fingerprint: Mapped[str] = mapped_column(String(64))
    resource_type: Mapped[str] = mapped_column(String(32))
    resource_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def fingerprint(payload) -> str:
    """Return a stable hash of a request body."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationFailed(
            _l("Idempotency-Key must be 1 to %(max)s characters."),
            {"Idempotency-Key": [_l("Use 1 to 128 characters.")]},
            params={"max": MAX_KEY_LENGTH},
        )
    return key


def find_replay(scope: str, key: str, payload_fingerprint: str) -> int | None:
    """Return the resource id an earlier request with this key created, if any."""
    row = db.session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
    )
    if row is None:
        return None
    if row.fingerprint != payload_fingerprint:
        raise Conflict(_l("This Idempotency-Key was already used for a different request."))
    return row.resource_id


def remember(scope: str, key: str, payload_fingerprint: str, resource_type: str, resource_id: int):
    db.session.add(
        IdempotencyKey(
            scope=scope,
            key=key,
            fingerprint=payload_fingerprint,
            resource_type=resource_type,
            resource_id=resource_id,
        )
    )
    db.session.flush()
