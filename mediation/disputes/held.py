"""Files chosen on a filing form that came back with an error, kept until it is sent again.

They pass the same checks as attachments before they are kept, live under a random holder key,
and expire after HELD_UPLOAD_HOURS. Operations flush, never commit.
"""

import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from mediation.disputes.attachments import Upload, digest, sniff_type
from mediation.disputes.models import HeldUpload
from mediation.disputes.operations import upload_explanation
from mediation.extensions import db

HOLDER_KEY_BYTES = 24


def new_holder_key() -> str:
    return secrets.token_urlsafe(HOLDER_KEY_BYTES)


def _oldest_kept(now: datetime) -> datetime:
    return now - timedelta(hours=current_app.config["HELD_UPLOAD_HOURS"])


def held_uploads(key: str | None, now: datetime) -> list[HeldUpload]:
    """Return the unexpired files held under a key, in the order they were chosen."""
    if not key:
        return []
    query = (
        select(HeldUpload)
        .where(HeldUpload.holder_key == key, HeldUpload.created_at > _oldest_kept(now))
        .order_by(HeldUpload.id)
    )
    return list(db.session.scalars(query))


def hold_uploads(key: str, uploads: list[Upload], now: datetime) -> list[str]:
    """Keep the acceptable uploads under a key; return a message for each one not kept."""
    purge_expired_holds(now)
    problems = []
    room = current_app.config["ATTACHMENTS_PER_DISPUTE"] - len(held_uploads(key, now))
    for upload in uploads:
        explanation = upload_explanation(upload)
        if explanation is None and room <= 0:
            explanation = _l("A case can have at most %(n)s attachments.") % {
                "n": current_app.config["ATTACHMENTS_PER_DISPUTE"]
            }
        if explanation:
            problems.append(f"{upload.filename}: {explanation}")
            continue
        db.session.add(
            HeldUpload(
                holder_key=key,
                filename=upload.filename[:255] or "document",
                content_type=sniff_type(upload.content),
                size=len(upload.content),
                sha256=digest(upload.content),
                content=upload.content,
                created_at=now,
            )
        )
        room -= 1
    db.session.flush()
    return problems


def release_held_upload(key: str, upload_id: int) -> HeldUpload | None:
    """Drop one file held under a key; return it, or None when the key holds no such file."""
    held = db.session.get(HeldUpload, upload_id)
    if held is None or held.holder_key != key:
        return None
    db.session.delete(held)
    db.session.flush()
    return held


def take_held_uploads(key: str | None, now: datetime) -> list[Upload]:
    """Return the files held under a key as uploads, and stop holding them."""
    held = held_uploads(key, now)
    uploads = [Upload(h.filename, h.content) for h in held]
    for row in held:
        db.session.delete(row)
    db.session.flush()
    return uploads


def purge_expired_holds(now: datetime) -> int:
    """Delete every held file past its time; return how many."""
    result = db.session.execute(
        delete(HeldUpload).where(HeldUpload.created_at <= _oldest_kept(now))
    )
    return result.rowcount or 0
