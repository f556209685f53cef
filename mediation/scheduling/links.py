"""Signed links that let a party see, move or cancel one session, or reach its room, unsigned-in."""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from mediation.core.errors import Conflict, NotFound, Unauthorized
from mediation.core.signing import sign, unsign
from mediation.core.urls import external
from mediation.disputes.models import Party
from mediation.extensions import db
from mediation.scheduling.lifecycle import SessionStatus
from mediation.scheduling.models import MediationSession
from mediation.scheduling.slots import MAX_HORIZON_DAYS

SALT = "session-link"
JOIN_SALT = "session-join"
# A join link ends with its session, whenever that is; this age only bounds a link to a session
# that was never held nor closed: the longest horizon a mediator may set and a day.
JOIN_LINK_MAX_AGE = timedelta(days=MAX_HORIZON_DAYS + 1)


def session_link_token(session: MediationSession, party: Party) -> str:
    """Return a token naming one party of one session."""
    return sign(SALT, {"s": session.id, "p": party.id})


def session_link_url(session: MediationSession, party: Party) -> str:
    return external("scheduling.session_by_link", token=session_link_token(session, party))


def _session_and_party(salt: str, token: str, max_age: timedelta) -> tuple[MediationSession, Party]:
    """Return the session and party a signed link names; raise for forged or expired links."""
    data = unsign(
        salt,
        token,
        max_age,
        expired=_link_expired(),
        invalid=NotFound(_l("This session link is not valid.")),
    )
    session = db.session.get(MediationSession, data.get("s"))
    party = db.session.get(Party, data.get("p"))
    if session is None or party is None or party.dispute_id != session.dispute_id:
        raise NotFound(_l("This session link is not valid."))
    return session, party


def _link_expired() -> Unauthorized:
    return Unauthorized(
        _l("This session link has expired. Ask the mediation centre (12348) for a new one."),
        code="link_expired",
    )


def from_session_token(token: str, now: datetime) -> tuple[MediationSession, Party]:
    """Return the session and party a link names; raise for forged or expired links.

    The link lasts until its session ends and SESSION_LINK_AFTER_END more, however far ahead
    the session was booked; moving the session moves that end with it.
    """
    after_end = current_app.config["SESSION_LINK_AFTER_END"]
    session, party = _session_and_party(SALT, token, JOIN_LINK_MAX_AGE + after_end)
    if now > session.end_at + after_end:
        raise _link_expired()
    return session, party


def party_join_link_url(session: MediationSession, party: Party) -> str:
    """Return the address a party's invitation and reminders give for joining a session."""
    token = sign(JOIN_SALT, {"s": session.id, "p": party.id})
    return external("scheduling.join_by_link", token=token)


def from_join_token(token: str, now: datetime) -> tuple[MediationSession, Party]:
    """Return the session and party a join link names; raise once the session is over."""
    session, party = _session_and_party(JOIN_SALT, token, JOIN_LINK_MAX_AGE)
    live = session.status == SessionStatus.IN_PROGRESS or (
        session.status == SessionStatus.SCHEDULED and session.end_at > now
    )
    if not live:
        raise Conflict(_l("This session is over or was cancelled."), code="session_over")
    return session, party
