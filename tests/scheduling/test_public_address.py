"""Invitations, their .ics files and calendar feeds carry the served port, or PUBLIC_URL."""

import re

from icalendar import Calendar

from mediation.core import notify, outbox
from mediation.scheduling import feeds

LOCAL_8000 = "http://127.0.0.1:8000"
PUBLIC = "https://tiaojie.example.gov.cn"
ADDRESS = re.compile(r"https?://[^\s/]+")


def sent() -> list[dict]:
    outbox.run_due("test-worker")
    return list(notify.SENT)


def events_of(messages: list[dict]) -> list:
    return [
        event
        for m in messages
        if "ics" in m
        for event in Calendar.from_ical(m["ics"]["content"]).walk("VEVENT")
    ]


def test_on_port_8000_every_invitation_and_its_ics_carry_port_8000(assigned, book, served_on):
    served_on(None, port=8000)
    session = book(assigned())
    messages = sent()
    events = events_of(messages)
    assert len(events) == 1 + len(session.dispute.parties)
    for event in events:
        assert str(event["URL"]).startswith(f"{LOCAL_8000}/")
        assert set(ADDRESS.findall(str(event["DESCRIPTION"]))) == {LOCAL_8000}
    texts = " ".join(m.get("body", "") for m in messages)
    assert ADDRESS.findall(texts) and set(ADDRESS.findall(texts)) == {LOCAL_8000}
    assert session.uid.endswith("@127.0.0.1")


def test_on_port_8000_the_calendar_feed_address_is_on_port_8000(coordinator, served_on):
    served_on(None, port=8000)
    feed = feeds.renew_feed(coordinator)
    assert feeds.feed_url(feed) == f"{LOCAL_8000}/calendar/{feed.token}.ics"


def test_an_explicit_public_url_wins_in_invitations_and_feeds(
    assigned, book, coordinator, served_on
):
    served_on(PUBLIC, port=8000)
    session = book(assigned())
    for event in events_of(sent()):
        assert str(event["URL"]).startswith(f"{PUBLIC}/")
    assert session.uid.endswith("@tiaojie.example.gov.cn")
    assert feeds.feed_url(feeds.renew_feed(coordinator)).startswith(f"{PUBLIC}/calendar/")
