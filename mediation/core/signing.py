"""Signed, expiring tokens: API tokens, case links, session links, video join links."""

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from mediation.core.errors import DomainError


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def sign(salt: str, payload: dict) -> str:
    """Return a token carrying `payload`, signed with the app's key for one purpose (salt)."""
    return _serializer(salt).dumps(payload)


def unsign(
    salt: str, token: str, ttl: timedelta, *, expired: DomainError, invalid: DomainError
) -> dict:
    """Return a token's payload; raise `expired` when too old, `invalid` when forged."""
    try:
        data = _serializer(salt).loads(token, max_age=int(ttl.total_seconds()))
    except SignatureExpired:
        raise expired from None
    except BadSignature:
        raise invalid from None
    if not isinstance(data, dict):
        raise invalid
    return data
