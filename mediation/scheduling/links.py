"""Signed links that let a party without an account see, move or cancel one session."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from mediation.core.errors import NotFound, Unauthorized
from mediation.core.signing import sign, unsign
from mediation.disputes.models import Party
from mediation.extensions import db
from mediation.scheduling.models import MediationSession

SALT = "session-link"


def session_link_token(session: MediationSession, party: Party) -> str:
    """Return a token naming one party of one session."""
    return sign(SALT, {"s": session.id, "p": party.id})


def session_link_url(session: MediationSession, party: Party) -> str:
    return f"{current_app.config['PUBLIC_URL']}/s/{session_link_token(session, party)}"


def from_session_token(token: str) -> tuple[MediationSession, Party]:
    """Return the session and party a link names; raise for forged or expired links."""
    data = unsign(
        SALT,
        token,
        current_app.config["SESSION_LINK_TTL"],
        expired=Unauthorized(
            _l("This session link has expired. Ask the mediation centre (12348) for a new one."),
            code="link_expired",
        ),
        invalid=NotFound(_l("This session link is not valid.")),
    )
    session = db.session.get(MediationSession, data.get("s"))
    party = db.session.get(Party, data.get("p"))
    if session is None or party is None or party.dispute_id != session.dispute_id:
        raise NotFound(_l("This session link is not valid."))
    return session, party
