"""Signed, expiring bearer tokens for the JSON API, and the user a page session names."""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from mediation.accounts.models import User
from mediation.core.db import utcnow
from mediation.core.errors import Unauthorized
from mediation.core.signing import sign, unsign
from mediation.extensions import db

SALT = "api-token"


def issue_token(user: User) -> tuple[str, datetime]:
    """Return a bearer token for a user and the instant it stops working."""
    ttl: timedelta = current_app.config["API_TOKEN_TTL"]
    token = sign(SALT, {"u": user.id, "v": user.token_version})
    return token, utcnow() + ttl


def user_from_token(token: str) -> User:
    """Return the active user a token names; raise Unauthorized for expired or forged ones."""
    data = unsign(
        SALT,
        token,
        current_app.config["API_TOKEN_TTL"],
        expired=Unauthorized(_l("The token has expired; obtain a new one."), code="token_expired"),
        invalid=Unauthorized(_l("The token is not valid."), code="token_invalid"),
    )
    user = db.session.get(User, data.get("u"))
    if user is None or not user.active or user.token_version != data.get("v"):
        raise Unauthorized(_l("The token is no longer valid."), code="token_invalid")
    return user


def user_from_session_id(value: str) -> User | None:
    """Return the active user a page session or remember cookie names, or None if revoked.

    The value is "<id>.<token version>"; a bare id, from before versions were stored, counts
    as version 0.
    """
    user_id, _, version = value.partition(".")
    try:
        user = db.session.get(User, int(user_id))
        current = int(version or 0)
    except (ValueError, OverflowError):
        return None
    if user is None or not user.active or user.token_version != current:
        return None
    return user
