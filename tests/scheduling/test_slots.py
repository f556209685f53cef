from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mediation.scheduling import slots
from mediation.scheduling.slots import Rules, Slot

ALL_DAYS = {day: ((time(0), time(0)),) for day in range(7)}  # open round the clock


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local_starts(found, zone: str) -> list[str]:
    return [s.start.astimezone(ZoneInfo(zone)).strftime("%m-%d %H:%M") for s in found]


def test_shanghai_morning_hours_fall_on_the_previous_utc_day():
    rules = Rules(
        zone="Asia/Shanghai", weekly={0: ((time(7), time(9)),)}, min_notice=0, interval_minutes=60
    )
    found = slots.free_slots(rules, [], utc(2026, 3, 1, 0), days=2)  # Sunday 08:00 in Shanghai
    # Monday 2 March 07:00 in Shanghai is Sunday 1 March 23:00 UTC.
    assert found == [
        Slot(utc(2026, 3, 1, 23), utc(2026, 3, 2, 0)),
        Slot(utc(2026, 3, 2, 0), utc(2026, 3, 2, 1)),
    ]


def test_days_are_counted_in_the_mediators_zone_not_in_utc():
    rules = Rules(zone="Asia/Shanghai", weekly={0: ((time(9), time(10)),)}, min_notice=0)
    # 20:00 UTC on Sunday is already Monday 04:00 in Shanghai: Monday's hours are today's.
    found = slots.free_slots(rules, [], utc(2026, 3, 1, 20), days=1)
    assert local_starts(found, "Asia/Shanghai") == ["03-02 09:00"]


def test_a_half_hour_zone_gets_slots_on_its_own_clock():
    rules = Rules(
        zone="Asia/Kolkata",
        weekly={0: ((time(10), time(12)),)},
        min_notice=0,
        slot_minutes=60,
        interval_minutes=60,
    )
    found = slots.free_slots(rules, [], utc(2026, 3, 1, 0), days=2)
    assert [s.start for s in found] == [utc(2026, 3, 2, 4, 30), utc(2026, 3, 2, 5, 30)]
    assert local_starts(found, "Asia/Kolkata") == ["03-02 10:00", "03-02 11:00"]


def test_a_booker_in_another_zone_sees_the_same_slots_at_their_local_times():
    rules = Rules(zone="Asia/Kolkata", weekly={0: ((time(10), time(11)),)}, min_notice=0)
    found = slots.free_slots(rules, [], utc(2026, 3, 1, 0), days=2)
    grouped = slots.by_local_day(found, "Asia/Shanghai")
    assert list(grouped) == [date(2026, 3, 2)]
    assert local_starts(grouped[date(2026, 3, 2)], "Asia/Shanghai") == ["03-02 12:30"]


def test_shanghai_slots_are_grouped_on_the_local_date_a_utc_viewer_would_not_use():
    found = [Slot(utc(2026, 3, 1, 23), utc(2026, 3, 2, 0))]
    assert list(slots.by_local_day(found, "Asia/Shanghai")) == [date(2026, 3, 2)]
    assert list(slots.by_local_day(found, "UTC")) == [date(2026, 3, 1)]


def test_spring_forward_in_new_york_skips_the_missing_hour():
    # 8 March 2026: clocks in New York go from 02:00 EST straight to 03:00 EDT.
    rules = Rules(zone="America/New_York", weekly=ALL_DAYS, min_notice=0, interval_minutes=60)
    found = slots.free_slots(rules, [], utc(2026, 3, 8, 5), days=1)  # local midnight
    local = local_starts(found, "America/New_York")
    assert local[:4] == ["03-08 00:00", "03-08 01:00", "03-08 03:00", "03-08 04:00"]
    assert not any(" 02:" in text for text in local)
    assert len(found) == 23  # a 23-hour day holds 23 one-hour slots


def test_fall_back_in_new_york_offers_the_repeated_hour_twice():
    # 1 November 2026: 02:00 EDT becomes 01:00 EST, so 01:00 happens twice.
    rules = Rules(zone="America/New_York", weekly=ALL_DAYS, min_notice=0, interval_minutes=60)
    found = slots.free_slots(rules, [], utc(2026, 11, 1, 4), days=1)
    starts = [s.start for s in found]
    assert utc(2026, 11, 1, 5) in starts and utc(2026, 11, 1, 6) in starts  # 01:00 EDT, EST
    assert local_starts(found, "America/New_York")[1:3] == ["11-01 01:00", "11-01 01:00"]
    assert len(found) == 25
    assert all(s.end - s.start == timedelta(hours=1) for s in found)


def test_office_hours_keep_their_wall_time_across_the_change():
    rules = Rules(zone="America/New_York", weekly={0: ((time(9), time(10)),)}, min_notice=0)
    found = slots.free_slots(rules, [], utc(2026, 3, 1), days=14)
    assert [s.start for s in found] == [utc(2026, 3, 2, 14), utc(2026, 3, 9, 13)]


def test_an_unknown_zone_is_refused():
    with pytest.raises(ValueError):
        slots.free_slots(Rules(zone="Mars/Olympus"), [], utc(2026, 3, 1))


def test_busy_time_and_buffers_remove_slots():
    rules = Rules(
        zone="UTC",
        weekly={0: ((time(9), time(13)),)},
        min_notice=0,
        buffer_before=0,
        buffer_after=30,
        interval_minutes=30,
    )
    busy = [(utc(2026, 3, 2, 10), utc(2026, 3, 2, 11))]
    found = slots.free_slots(rules, busy, utc(2026, 3, 1), days=2)
    # Each session keeps 30 minutes free after it: 09:00-10:00 would leave none before 10:00.
    assert [s.start for s in found] == [utc(2026, 3, 2, 11, 30), utc(2026, 3, 2, 12)]


def test_minimum_notice_and_horizon_bound_the_search():
    rules = Rules(zone="UTC", weekly=ALL_DAYS, min_notice=120, horizon_days=1, interval_minutes=60)
    now = utc(2026, 3, 2, 10)
    found = slots.free_slots(rules, [], now)
    assert found[0].start == utc(2026, 3, 2, 12)
    assert found[-1].start <= now + timedelta(days=1)


def test_notice_keeps_slots_on_the_window_grid():
    rules = Rules(zone="UTC", weekly=ALL_DAYS, min_notice=0, interval_minutes=30)
    found = slots.free_slots(rules, [], utc(2026, 3, 2, 10, 7), days=1)
    assert found[0].start == utc(2026, 3, 2, 10, 30)


def test_overrides_replace_a_day_and_holidays_close_it():
    rules = Rules(
        zone="UTC",
        weekly={0: ((time(9), time(10)),), 1: ((time(9), time(10)),), 2: ((time(9), time(10)),)},
        overrides={date(2026, 3, 2): (), date(2026, 3, 7): ((time(14), time(15)),)},
        holidays=frozenset({date(2026, 3, 3)}),
        min_notice=0,
    )
    found = slots.free_slots(rules, [], utc(2026, 3, 1), days=7)
    assert [s.start for s in found] == [utc(2026, 3, 4, 9), utc(2026, 3, 7, 14)]


def test_a_make_up_working_day_sits_mondays_hours():
    rules = Rules(
        zone="UTC",
        weekly={0: ((time(9), time(10)),)},
        workdays=frozenset({date(2026, 3, 7)}),
        min_notice=0,
    )
    found = slots.free_slots(rules, [], utc(2026, 3, 6), days=2)
    assert [s.start for s in found] == [utc(2026, 3, 7, 9)]


def test_the_room_must_be_free_too():
    rules = Rules(zone="UTC", weekly={0: ((time(9), time(11)),)}, min_notice=0, interval_minutes=60)
    found = slots.free_slots(
        rules, [], utc(2026, 3, 1), [(utc(2026, 3, 2, 9), utc(2026, 3, 2, 10))], days=2
    )
    assert [s.start for s in found] == [utc(2026, 3, 2, 10)]


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (utc(2026, 3, 2, 10), utc(2026, 3, 2, 9), "order"),
        (utc(2026, 3, 2, 8), utc(2026, 3, 2, 9), "outside"),
        (utc(2026, 3, 2, 11, 30), utc(2026, 3, 2, 12, 30), "outside"),
        (utc(2026, 6, 1, 9), utc(2026, 6, 1, 10), "horizon"),
        (utc(2026, 3, 1, 9), utc(2026, 3, 1, 10), "notice"),
        (utc(2026, 3, 2, 9), utc(2026, 3, 2, 10), None),
    ],
)
def test_fits_availability_names_the_problem(start, end, problem):
    rules = Rules(zone="UTC", weekly={0: ((time(9), time(12)),)}, min_notice=60)
    assert slots.fits_availability(rules, start, end, utc(2026, 3, 1, 12)) == problem


@pytest.mark.parametrize("text", ["9-12", "12:00-09:00", "09:00-12:00, 11:00-13:00", "25:00-26:00"])
def test_badly_written_hours_are_refused(text):
    with pytest.raises(ValueError):
        slots.parse_windows(text)


def test_hours_read_and_write_back():
    windows = slots.parse_windows("14:00-17:30，09:00-12:00")
    assert windows == ((time(9), time(12)), (time(14), time(17, 30)))
    assert slots.format_windows(windows) == "09:00-12:00, 14:00-17:30"
