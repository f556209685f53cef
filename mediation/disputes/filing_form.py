"""The filing form's helpers: its choices, the files it carries, and filing from it."""

from flask import flash, redirect, request, url_for
from flask import session as browser_session
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from mediation.core.db import utcnow
from mediation.core.errors import DomainError
from mediation.core.schemas import clean_filename, flatten_messages
from mediation.disputes import categories, held, operations
from mediation.disputes.attachments import Upload
from mediation.disputes.links import case_link_token
from mediation.disputes.schemas import DisputeInSchema
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind, townships
from mediation.roster.models import Studio


def filing_choices() -> dict:
    """Return what the filing form offers: categories, channels, places, studios."""
    villages = db.session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrgKind.VILLAGE_ROOM)
        .order_by(Organisation.id)
    ).all()
    studios = db.session.scalars(select(Studio).where(Studio.active).order_by(Studio.id)).all()
    return {
        "categories": categories.CATEGORIES,
        "channels": {k: categories.CHANNELS[k] for k in categories.STAFF_CHANNELS},
        "languages": categories.LANGUAGES,
        "townships": townships(),
        "villages": villages,
        "studios": studios,
    }


def uploads_from_request() -> list[Upload]:
    return [
        Upload(clean_filename(f.filename), f.read())
        for f in request.files.getlist("attachments")
        if f and f.filename
    ]


HOLDER_SESSION_KEY = "upload_holder"


def holder_key() -> str:
    """Return this browser's key for held uploads, making one the first time."""
    key = browser_session.get(HOLDER_SESSION_KEY)
    if not key:
        key = browser_session[HOLDER_SESSION_KEY] = held.new_holder_key()
    return key


def own_holder_key(sent: str | None) -> str | None:
    """Return the holder key a form carried when it is this browser's own; another's is ignored."""
    key = browser_session.get(HOLDER_SESSION_KEY)
    return key if key and sent == key else None


def try_filing(payload: dict, user, key: str | None, idempotency_key: str | None):
    """File the dispute with the held and new files; else keep the new files and return errors."""
    new_uploads = uploads_from_request()
    try:
        data = DisputeInSchema().load(payload)
        uploads = held.take_held_uploads(key, utcnow()) + new_uploads
        dispute, _replayed = operations.file_dispute(data, user, uploads, idempotency_key)
        db.session.commit()
    except ValidationError as error:
        errors = flatten_messages(error.messages)
    except DomainError as error:
        db.session.rollback()
        if error.status not in (409, 422):
            raise
        errors = {**error.fields, "_schema": [str(error)]}
    else:
        browser_session.pop(HOLDER_SESSION_KEY, None)
        if user is None:
            token = case_link_token(dispute.applicants[0])
            return redirect(url_for("disputes.case_by_link", token=token, new=1)), {}
        return redirect(url_for("disputes.case", code=dispute.code, new=1)), {}
    problems = held.hold_uploads(holder_key(), new_uploads, utcnow())
    db.session.commit()
    if problems:
        known = [str(m) for m in errors.get("attachments", [])]
        errors["attachments"] = known + [p for p in problems if p not in known]
    return None, errors


def remove_held(key: str | None, upload_id: str) -> dict:
    """Keep any newly chosen files, drop the held file named; return errors for files refused."""
    problems = held.hold_uploads(holder_key(), uploads_from_request(), utcnow())
    removed = held.release_held_upload(key, int(upload_id)) if key and upload_id.isdigit() else None
    db.session.commit()
    if removed is None:
        flash(_("That file was no longer kept; nothing was removed."), "warning")
    else:
        flash(_("%(name)s was removed; it will not be sent.", name=removed.filename), "success")
    return {"attachments": problems} if problems else {}
