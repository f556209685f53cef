"""A party's sessions as their private case page shows them, and their way into each room.

The case link names one party of one case; it reaches only that case's sessions and only that
party's own seat. The join link is minted when the party asks for it, so the page never holds
a link that could be withdrawn or forwarded before it is used.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_date, format_time, get_timezone_location
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from mediation.core.errors import Conflict, NotFound
from mediation.core.walltime import is_ambiguous, offset_text
from mediation.disputes import hooks as dispute_hooks
from mediation.disputes.models import Party
from mediation.extensions import db
from mediation.scheduling.lifecycle import SessionStatus
from mediation.scheduling.models import MediationSession
from mediation.scheduling.slots import zone_of
from mediation.video.operations import room_for_session
from mediation.video.sessions import VIDEO_MODES, party_join_url


@dataclass(frozen=True)
class PartySession:
    """One upcoming session of a party's case, worded in the party's zone and language."""

    session: MediationSession
    when: str  # "2026年12月8日星期二 09:00至10:00"
    zone: str  # "中国（上海）时间"
    video: bool
    opens: str | None  # when the video room opens, if it is not open yet


def _joinable(now: datetime):
    """Sessions still ahead or under way: booked and not yet over, or in progress."""
    return or_(
        MediationSession.status == SessionStatus.IN_PROGRESS,
        (MediationSession.status == SessionStatus.SCHEDULED) & (MediationSession.end_at > now),
    )


def _zone_name(party: Party, session: MediationSession) -> str:
    # A party without an account reads times in the session's zone, as in their texts.
    name = party.user.timezone if party.user is not None and party.user.timezone else None
    try:
        return zone_of(name or session.timezone).key
    except ValueError:
        return current_app.config["TIMEZONE"]


def _opens_at(session: MediationSession) -> datetime:
    room = room_for_session(session.id)
    if room is not None:
        return room.opens_at
    minutes = current_app.config["VIDEO_ROOM_OPENS_MINUTES_BEFORE"]
    return session.start_at - timedelta(minutes=minutes)


def _time_text(local: datetime, locale) -> str:
    # The night clocks go back, 01:00 happens twice: the offset says which one is meant.
    text = format_time(local, "short", locale=locale)
    if is_ambiguous(local):
        return _("%(time)s (%(offset)s)", time=text, offset=offset_text(local))
    return text


def _worded(session: MediationSession, party: Party, now: datetime) -> PartySession:
    zone = zone_of(_zone_name(party, session))
    locale = get_locale()
    start, end = session.start_at.astimezone(zone), session.end_at.astimezone(zone)
    when = _(
        "%(day)s, %(start)s to %(end)s",
        day=format_date(start, "full", locale=locale),
        start=_time_text(start, locale),
        end=_time_text(end, locale),
    )
    video = session.mode in VIDEO_MODES
    opens = None
    if video:
        opens_at = _opens_at(session).astimezone(zone)
        if now < opens_at:
            opens = format_time(opens_at, "short", locale=locale)
            if opens_at.date() != start.date():
                opens = f"{format_date(opens_at, 'long', locale=locale)} {opens}"
    return PartySession(session, when, get_timezone_location(zone, locale=locale), video, opens)


@dispute_hooks.on_party_sessions
def sessions_of_party(party: Party, now: datetime) -> list[PartySession]:
    """Return the sessions of a party's case still ahead or under way, soonest first."""
    query = (
        select(MediationSession)
        .where(MediationSession.dispute_id == party.dispute_id, _joinable(now))
        .order_by(MediationSession.start_at, MediationSession.id)
    )
    return [_worded(session, party, now) for session in db.session.scalars(query)]


@dispute_hooks.on_party_join
def join_link_for_party(party: Party, session_id: int, now: datetime) -> str:
    """Return the party's own join link for a session of their case, or raise."""
    session = db.session.get(MediationSession, session_id)
    if session is None or session.dispute_id != party.dispute_id:
        raise NotFound(_l("There is no such session in this case."))
    over = session.status != SessionStatus.IN_PROGRESS and (
        session.status != SessionStatus.SCHEDULED or session.end_at <= now
    )
    if over:
        raise Conflict(_l("This session is over or was cancelled."), code="session_over")
    url = party_join_url(session, party)
    if url is None:
        raise NotFound(_l("There is no video room for you in this session."))
    return url
