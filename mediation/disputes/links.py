"""Signed, expiring links that let a party reach their own case without an account."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from mediation.core.errors import NotFound, Unauthorized
from mediation.core.signing import sign, unsign
from mediation.core.urls import external
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db

SALT = "case-link"


def case_link_token(party: Party) -> str:
    """Return a token naming one party of one dispute."""
    return sign(SALT, {"p": party.id, "d": party.dispute_id})


def case_link_url(token: str) -> str:
    """Return the absolute address of a case-link token, as texted and printed in QR codes."""
    return external("disputes.case_by_link", token=token)


def case_page_url(dispute: Dispute) -> str:
    """Return the absolute address of a case's page for signed-in staff."""
    return external("disputes.case", code=dispute.code)


def party_from_token(token: str) -> Party:
    """Return the party a case-link token names, or raise when it is forged or expired."""
    data = unsign(
        SALT,
        token,
        current_app.config["CASE_LINK_TTL"],
        expired=Unauthorized(
            _l("This case link has expired. Ask the mediation centre (12348) for a new one."),
            code="link_expired",
        ),
        invalid=NotFound(_l("This case link is not valid.")),
    )
    party = db.session.get(Party, data.get("p"))
    if party is None or party.dispute_id != data.get("d"):
        raise NotFound(_l("This case link is not valid."))
    return party
