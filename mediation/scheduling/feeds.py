"""Private, revocable calendar feed addresses: one per user, replaced to revoke."""

import secrets

from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.urls import external
from mediation.extensions import db
from mediation.scheduling.access import visible_sessions
from mediation.scheduling.links import party_join_link_url
from mediation.scheduling.models import CalendarFeed, MediationSession


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def renew_feed(user: User) -> CalendarFeed:
    """Give a user a new feed token; the old address stops working at once."""
    feed = feed_of(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token = secrets.token_urlsafe(32)
    db.session.flush()
    record_event("calendar_feed.renewed", "user", user.id, actor_id=user.id)
    return feed


def revoke_feed(user: User) -> None:
    """Stop the user's feed address working."""
    feed = feed_of(user)
    if feed is not None:
        db.session.delete(feed)
        db.session.flush()
        record_event("calendar_feed.revoked", "user", user.id, actor_id=user.id)


def feed_url(feed: CalendarFeed) -> str:
    return external("availability.feed", token=feed.token)


def user_for_token(token: str) -> User | None:
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token))
    if feed is None:
        return None
    user = db.session.get(User, feed.user_id)
    return user if user is not None and user.active else None


def sessions_of(user: User, limit: int = 500) -> list[MediationSession]:
    query = visible_sessions(user).order_by(MediationSession.start_at.desc()).limit(limit)
    return list(db.session.scalars(query))


def join_address(user: User, session: MediationSession) -> str | None:
    """Return the feed's join address for a user: a party's own link, needing no log-in.

    The link lasts until the session ends. The session's mediator, and staff who see the case,
    get None: the staff join page.
    """
    if session.mediator.user_id == user.id:
        return None
    party = next((p for p in session.dispute.parties if p.user_id == user.id), None)
    return party_join_link_url(session, party) if party is not None else None
