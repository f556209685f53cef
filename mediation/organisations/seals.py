"""Committees' seals: an administrator uploads each one's image and names who may apply it."""

import hashlib
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import ValidationFailed
from mediation.extensions import db
from mediation.organisations.models import Organisation, SealHolder

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class SealLimits:
    """What a seal image may be (SEAL_MAX_BYTES, SEAL_MIN_PIXELS, SEAL_MAX_PIXELS)."""

    max_bytes: int
    min_pixels: int
    max_pixels: int


def _refuse(message) -> ValidationFailed:
    return ValidationFailed(message, {"seal": [message]})


def check_seal_png(content: bytes, limits: SealLimits) -> tuple[int, int]:
    """Return the width and height of a valid seal PNG; refuse anything else, saying why."""
    if not content:
        raise _refuse(_l("Choose the seal's image file."))
    if len(content) > limits.max_bytes:
        raise ValidationFailed(
            _l("The seal image is too large: at most %(kb)s KB."),
            {"seal": [_l("Choose a smaller image.")]},
            params={"kb": limits.max_bytes // 1024},
        )
    if not content.startswith(PNG_SIGNATURE):
        raise _refuse(_l("The seal must be a PNG image (a scan with a transparent background)."))
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _refuse(_l("This PNG file is damaged and cannot be read.")) from None
    if not (limits.min_pixels <= min(width, height) and max(width, height) <= limits.max_pixels):
        raise ValidationFailed(
            _l(
                "The seal image must be %(low)s to %(high)s pixels a side; this one is %(w)s×%(h)s."
            ),
            {"seal": [_l("Choose an image of the seal's size, square if possible.")]},
            params={"low": limits.min_pixels, "high": limits.max_pixels, "w": width, "h": height},
        )
    return width, height


def upload_seal(organisation: Organisation, content: bytes, limits: SealLimits, admin_id: int):
    """Store a committee's seal image, checked, with its hash on the audit chain."""
    width, height = check_seal_png(content, limits)
    organisation.seal_png = content
    organisation.seal_sha256 = hashlib.sha256(content).hexdigest()
    organisation.seal_uploaded_at = utcnow()
    db.session.flush()
    record_event(
        "organisation.seal_uploaded",
        "organisation",
        organisation.id,
        actor_id=admin_id,
        sha256=organisation.seal_sha256,
        width=width,
        height=height,
    )
    return organisation


def set_committee(organisation: Organisation, name: str | None, abbreviation: str | None, admin_id):
    """Name the organisation's people's mediation committee and its number abbreviation."""
    organisation.committee_name = name or None
    organisation.number_abbreviation = abbreviation or None
    db.session.flush()
    record_event(
        "organisation.committee_named",
        "organisation",
        organisation.id,
        actor_id=admin_id,
        committee_name=organisation.committee_name,
        number_abbreviation=organisation.number_abbreviation,
    )
    return organisation


def holds_seal(user_id: int, organisation_id: int) -> bool:
    """Tell whether an administrator authorised this person to apply this committee's seal."""
    query = select(SealHolder.id).where(
        SealHolder.user_id == user_id, SealHolder.organisation_id == organisation_id
    )
    return db.session.scalar(query) is not None


def grant_seal(organisation: Organisation, user_id: int, admin_id: int) -> SealHolder | None:
    """Authorise a person to apply a committee's seal (once; a second grant changes nothing)."""
    if holds_seal(user_id, organisation.id):
        return None
    holder = SealHolder(organisation_id=organisation.id, user_id=user_id, granted_by_id=admin_id)
    db.session.add(holder)
    db.session.flush()
    record_event(
        "organisation.seal_granted",
        "organisation",
        organisation.id,
        actor_id=admin_id,
        user_id=user_id,
    )
    return holder


def holders_of(organisation_id: int) -> list[SealHolder]:
    query = select(SealHolder).where(SealHolder.organisation_id == organisation_id)
    return list(db.session.scalars(query.order_by(SealHolder.id)))
