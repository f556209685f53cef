"""Signed, expiring links that let a party reach their own case without an account."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from mediation.core.errors import NotFound, Unauthorized
from mediation.disputes.models import Party
from mediation.extensions import db

SALT = "case-link"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def case_link_token(party: Party) -> str:
    """Return a token naming one party of one dispute."""
    return _serializer().dumps({"p": party.id, "d": party.dispute_id})


def party_from_token(token: str) -> Party:
    """Return the party a case-link token names, or raise when it is forged or expired."""
    max_age = int(current_app.config["CASE_LINK_TTL"].total_seconds())
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise Unauthorized(
            _l("This case link has expired. Ask the mediation centre (12348) for a new one."),
            code="link_expired",
        ) from None
    except BadSignature:
        raise NotFound(_l("This case link is not valid.")) from None
    party = db.session.get(Party, data.get("p"))
    if party is None or party.dispute_id != data.get("d"):
        raise NotFound(_l("This case link is not valid."))
    return party
