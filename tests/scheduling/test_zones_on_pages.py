"""Sessions read in the reader's zone, with today's zone rules, and never as two equal times."""

import re
from datetime import UTC, datetime, timedelta

import time_machine
from icalendar import Calendar

from mediation.core import notify, outbox
from mediation.extensions import db
from mediation.scheduling import ical

BOOKING_DAY = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
# 2026-12-15 12:00Z is 05:00 in Vancouver under 2026f (UTC-7), 04:00 under the older 2025b.
VANCOUVER_START = datetime(2026, 12, 15, 12, 0, tzinfo=UTC)
# The night New York's clocks go back: 05:00Z and 06:00Z are both 01:00 there.
FOLD_START = datetime(2027, 11, 7, 5, 0, tzinfo=UTC)


def _move(session, start: datetime, zone: str) -> None:
    session.start_at, session.end_at = start, start + timedelta(hours=1)
    session.timezone = zone
    db.session.flush()


@time_machine.travel(BOOKING_DAY, tick=False)
def test_a_party_in_vancouver_is_texted_the_session_in_vancouver_time(assigned, book, create_user):
    dispute = assigned()
    party = dispute.applicants[0]
    party.user = create_user(name=party.name, mobile=party.mobile, timezone="America/Vancouver")
    db.session.flush()
    session = book(dispute)
    start = session.start_at.astimezone(UTC) - timedelta(hours=7)
    end = start + (session.end_at - session.start_at)
    outbox.run_due("test-worker")
    (text,) = [m for m in notify.SENT if m.get("mobile") == party.mobile and "ics" in m]
    assert (
        f"时间：{start:%Y-%m-%d %H:%M} 加拿大（温哥华）时间 至 {end:%Y-%m-%d %H:%M} "
        in text["body"]
    )


@time_machine.travel(BOOKING_DAY, tick=False)
def test_an_invitation_in_vancouver_time_starts_at_five_in_the_morning(assigned, book):
    session = book(assigned())
    _move(session, VANCOUVER_START, "America/Vancouver")
    calendar = Calendar.from_ical(ical.calendar_text(session, "REQUEST"))
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].to_ical() == b"20261215T050000"
    assert event["DTSTART"].params["TZID"] == "America/Vancouver"
    assert event.decoded("DTSTART").astimezone(UTC) == VANCOUVER_START


@time_machine.travel(BOOKING_DAY, tick=False)
def test_the_booking_page_offers_slots_in_the_vancouver_readers_time(
    client, login, assigned, free_slot, coordinator
):
    coordinator.timezone = "America/Vancouver"
    db.session.flush()
    dispute = assigned()
    slot = free_slot(dispute)
    login(coordinator)
    page = client.get(f"/disputes/{dispute.code}/book").get_data(as_text=True)
    shown = slot.start.astimezone(UTC) - timedelta(hours=7)
    picker = re.search(
        rf'value="{re.escape(slot.start.isoformat())}"[^>]*>\s*<label[^>]*>([^<]*)<', page
    )
    assert picker.group(1) == f"{shown:%H:%M}"


@time_machine.travel(BOOKING_DAY, tick=False)
def test_a_session_across_new_yorks_fold_never_reads_as_ending_when_it_starts(
    client, login, assigned, book, coordinator
):
    coordinator.timezone = "America/New_York"
    db.session.flush()
    session = book(assigned())
    _move(session, FOLD_START, "America/New_York")
    login(coordinator)
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "2027-11-07 01:00（UTC-04:00）–01:00（UTC-05:00）" in page


@time_machine.travel(BOOKING_DAY, tick=False)
def test_the_second_one_oclock_is_written_in_utc_in_the_invitation(assigned, book):
    session = book(assigned())
    _move(session, FOLD_START, "America/New_York")
    (event,) = Calendar.from_ical(ical.calendar_text(session, "REQUEST")).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DTSTART"].to_ical() == b"20271107T010000"
    assert event["DTEND"].to_ical() == b"20271107T060000Z"
    assert event.decoded("DTEND").astimezone(UTC) == FOLD_START + timedelta(hours=1)
