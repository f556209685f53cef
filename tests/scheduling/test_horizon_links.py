"""A session booked as far ahead as a mediator allows keeps working links until it ends.

The party without an account gets a session link (view, move or cancel) and a join link in the
invitation and in both reminders; each works at the session's start, and the session link stops
SESSION_LINK_AFTER_END after the session's end.
"""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from mediation.core import outbox
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.scheduling import notices
from mediation.scheduling import operations as scheduling
from mediation.scheduling.availability import availability_of
from mediation.scheduling.slots import MAX_HORIZON_DAYS

MONDAY = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
SESSION_LINE = re.compile(r"查看、改期或取消：(\S+)")
JOIN_LINE = re.compile(r"进入：(\S+)")


@pytest.fixture
def horizon_session(time_machine, assigned, coordinator):
    """Book a video session on the last day of a mediator taking bookings a year ahead."""
    time_machine.move_to(MONDAY, tick=False)
    dispute = assigned()
    availability = availability_of(dispute.mediator)
    availability.horizon_days = MAX_HORIZON_DAYS
    db.session.add(availability)
    db.session.flush()
    # Monday 6 December 2027, 09:00 in Shanghai: 364 days and an hour ahead, on the last day.
    start = MONDAY + timedelta(days=MAX_HORIZON_DAYS - 1, hours=1)
    session = scheduling.book_session(
        dispute, start, start + timedelta(hours=1), "video", None, {Actor.STAFF}, coordinator
    )
    db.session.commit()
    return session


def texts_to(session, mobile: str) -> list[str]:
    """Return the invitation's text and both reminders' texts sent to a mobile."""
    messages = db.session.scalars(select(outbox.OutboxMessage)).all()
    [invitation] = [
        m.payload["body"] for m in messages if "ics" in m.payload and m.payload["mobile"] == mobile
    ]
    reminders = [
        m.payload["body"] for m in notices.reminders_of(session) if m.payload["mobile"] == mobile
    ]
    assert len(reminders) == 2
    return [invitation, *reminders]


def links_in(texts: list[str], pattern: re.Pattern) -> list[str]:
    found = [urlsplit(url).path for text in texts for url in pattern.findall(text)]
    assert len(found) == len(texts)
    return found


def test_every_link_the_party_was_sent_works_at_the_start(client, time_machine, horizon_session):
    texts = texts_to(horizon_session, horizon_session.dispute.respondents[0].mobile)
    time_machine.move_to(horizon_session.start_at, tick=False)
    for path in links_in(texts, SESSION_LINE):
        assert client.get(path).status_code == 200, path
    for path in links_in(texts, JOIN_LINE):
        assert client.get(path, follow_redirects=True).status_code == 200, path


def test_the_session_link_works_until_the_set_time_after_the_end_then_stops(
    app, client, time_machine, horizon_session
):
    texts = texts_to(horizon_session, horizon_session.dispute.respondents[0].mobile)
    last_moment = horizon_session.end_at + app.config["SESSION_LINK_AFTER_END"]
    time_machine.move_to(last_moment, tick=False)
    paths = links_in(texts, SESSION_LINE)
    assert [client.get(p).status_code for p in paths] == [200] * 3
    time_machine.move_to(last_moment + timedelta(seconds=1), tick=False)
    assert [client.get(p).status_code for p in paths] == [401] * 3


def test_the_join_link_stops_when_the_session_ends(client, time_machine, horizon_session):
    texts = texts_to(horizon_session, horizon_session.dispute.respondents[0].mobile)
    time_machine.move_to(horizon_session.end_at, tick=False)
    assert [client.get(p).status_code for p in links_in(texts, JOIN_LINE)] == [409] * 3


def test_a_session_link_follows_its_session_when_it_is_moved_later(
    app, client, time_machine, horizon_session
):
    party = horizon_session.dispute.respondents[0]
    [invitation, *_] = texts_to(horizon_session, party.mobile)
    [path] = links_in([invitation], SESSION_LINE)
    horizon_session.start_at += timedelta(days=1)
    horizon_session.end_at += timedelta(days=1)
    db.session.commit()
    time_machine.move_to(
        horizon_session.end_at + app.config["SESSION_LINK_AFTER_END"] - timedelta(hours=1),
        tick=False,
    )
    assert client.get(path).status_code == 200
