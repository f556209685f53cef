"""A party's calendar feed gives each event the party's own join address, no log-in needed."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.scheduling import feeds
from mediation.scheduling import operations as scheduling
from mediation.video.links import participant_from_token

MONDAY = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
START = MONDAY + timedelta(days=49, hours=1)
JOIN_FORM = re.compile(r'action="(/c/[^"]+/sessions/(\d+)/join)"')


@pytest.fixture
def session_of_two_account_holders(time_machine, assigned, coordinator, create_user):
    """Book a video session 49 days ahead; both parties have accounts."""
    time_machine.move_to(MONDAY, tick=False)
    dispute = assigned()
    for party in dispute.parties:
        party.user = create_user(mobile=party.mobile)
    db.session.flush()
    session = scheduling.book_session(
        dispute, START, START + timedelta(hours=1), "video", None, {Actor.STAFF}, coordinator
    )
    db.session.commit()
    return session


def feed_event_url(app, user) -> str:
    """Return the URL of the only event in the user's feed, fetched as a calendar app would."""
    feed = feeds.renew_feed(user)
    db.session.commit()
    response = app.test_client().get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    [event] = Calendar.from_ical(response.get_data(as_text=True)).walk("VEVENT")
    assert str(event["URL"]) in str(event["DESCRIPTION"])
    return str(event["URL"])


@pytest.mark.parametrize("side", ["applicants", "respondents"])
def test_the_feeds_address_opens_the_rooms_seat_of_that_party(
    app, time_machine, session_of_two_account_holders, side
):
    session = session_of_two_account_holders
    party = getattr(session.dispute, side)[0]
    others = {p.id for p in session.dispute.parties} - {party.id}
    url = feed_event_url(app, party.user)
    assert url.startswith(f"{app.config['PUBLIC_URL']}/j/")
    time_machine.move_to(session.start_at, tick=False)
    browser = app.test_client()  # a phone that never logged in
    page = browser.get(urlsplit(url).path, follow_redirects=True)
    assert page.status_code == 200
    [(action, session_id)] = JOIN_FORM.findall(page.get_data(as_text=True))
    assert int(session_id) == session.id
    response = browser.post(action)
    assert response.status_code == 303
    seat = participant_from_token(response.headers["Location"].rsplit("/video/join/", 1)[1])
    assert seat.party_id == party.id and seat.party_id not in others
    assert seat.room.session_id == session.id


def test_the_feeds_address_stops_when_the_session_ends(
    app, time_machine, session_of_two_account_holders
):
    session = session_of_two_account_holders
    url = feed_event_url(app, session.dispute.respondents[0].user)
    time_machine.move_to(session.end_at, tick=False)
    assert app.test_client().get(urlsplit(url).path).status_code == 409


def test_the_mediators_feed_keeps_the_staff_join_page(app, session_of_two_account_holders):
    session = session_of_two_account_holders
    url = feed_event_url(app, session.mediator.user)
    assert url == f"{app.config['PUBLIC_URL']}/sessions/{session.id}/join"
