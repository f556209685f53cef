"""Per-agency API keys: shown once, kept only as a SHA-256, sent as the X-Api-Key header."""

import hashlib
import hmac
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Unauthorized, ValidationFailed
from mediation.extensions import db
from mediation.handoffs.agencies import Agency, AgencyApiKey, AgencyMember

HEADER = "X-Api-Key"
KEY_PREFIX = "mk"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(agency: Agency, liaison: User, admin: User) -> tuple[AgencyApiKey, str]:
    """Create a key acting as one of the agency's liaisons; return it and its only plain copy."""
    member = db.session.scalar(
        select(AgencyMember).where(
            AgencyMember.agency_id == agency.id, AgencyMember.user_id == liaison.id
        )
    )
    if member is None or liaison.role != Role.LIAISON:
        raise ValidationFailed(
            _l("A key acts as one of the agency's liaisons."),
            {"user_id": [_l("Choose a liaison of this agency.")]},
        )
    prefix = secrets.token_hex(4)
    plain = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = AgencyApiKey(agency=agency, user=liaison, prefix=prefix, key_hash=_digest(plain))
    db.session.add(key)
    db.session.flush()
    record_event("agency.api_key_issued", "agency", agency.id, actor_id=admin.id, prefix=prefix)
    return key, plain


def revoke_key(key: AgencyApiKey, admin: User) -> None:
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        record_event(
            "agency.api_key_revoked", "agency", key.agency_id, actor_id=admin.id, prefix=key.prefix
        )
    db.session.flush()


def user_from_key(plain: str) -> User:
    """Return the liaison a key acts as, or refuse with 401."""
    parts = plain.strip().split("_", 2)
    key = None
    if len(parts) == 3 and parts[0] == KEY_PREFIX:
        key = db.session.scalar(select(AgencyApiKey).where(AgencyApiKey.prefix == parts[1]))
    if (
        key is None
        or key.revoked_at is not None
        or not hmac.compare_digest(key.key_hash, _digest(plain.strip()))
        or not key.agency.active
        or not key.user.active
    ):
        raise Unauthorized(_l("The API key is not valid."), code="api_key_invalid")
    key.last_used_at = utcnow()
    return key.user
