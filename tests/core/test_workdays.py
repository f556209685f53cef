from datetime import date

import pytest

from mediation.core.holidays import load_calendar, set_day
from mediation.core.workdays import add_working_days, is_working_day, working_days_between

NATIONAL_DAY = frozenset(date(2026, 10, d) for d in range(1, 8))
MAKE_UP = frozenset({date(2026, 10, 10)})  # a Saturday worked in exchange


def test_weekends_do_not_count():
    friday = date(2026, 11, 27)
    assert add_working_days(friday, 1) == date(2026, 11, 30)
    assert add_working_days(friday, 3) == date(2026, 12, 2)


def test_holidays_do_not_count_and_make_up_days_do():
    before = date(2026, 9, 30)
    assert add_working_days(before, 1, NATIONAL_DAY) == date(2026, 10, 8)
    assert add_working_days(date(2026, 10, 9), 1, NATIONAL_DAY, MAKE_UP) == date(2026, 10, 10)
    assert is_working_day(date(2026, 10, 10), NATIONAL_DAY, MAKE_UP)
    assert not is_working_day(date(2026, 10, 11), NATIONAL_DAY, MAKE_UP)


def test_counting_between_dates_matches_adding():
    start = date(2026, 9, 25)
    for n in range(0, 15):
        end = add_working_days(start, n, NATIONAL_DAY, MAKE_UP)
        assert working_days_between(start, end, NATIONAL_DAY, MAKE_UP) == n
    assert working_days_between(date(2026, 12, 2), date(2026, 11, 27)) == -3


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1)


def test_the_calendar_is_read_from_the_holiday_table(runner):
    # 2030: a year no shipped notice covers, so the table's days are all the calendar has there.
    set_day(date(2030, 10, 1), "国庆节")
    result = runner.invoke(args=["holidays", "set", "2030-10-12", "国庆调休", "--workday"])
    assert result.exit_code == 0, result.output
    calendar = load_calendar()
    assert {day for day in calendar.holidays if day.year == 2030} == {date(2030, 10, 1)}
    assert {day for day in calendar.workdays if day.year == 2030} == {date(2030, 10, 12)}
