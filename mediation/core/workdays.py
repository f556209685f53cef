"""Working days: weekends and public holidays do not count, make-up workdays (调休) do.

Plain functions over dates and sets of dates, free of Flask and the database.
"""

from datetime import date, timedelta


def is_working_day(day: date, holidays: frozenset[date], workdays: frozenset[date]) -> bool:
    """Tell whether a date is a working day under the given calendar."""
    if day in workdays:
        return True
    if day in holidays:
        return False
    return day.weekday() < 5


def add_working_days(
    start: date,
    count: int,
    holidays: frozenset[date] = frozenset(),
    workdays: frozenset[date] = frozenset(),
) -> date:
    """Return the date `count` working days after `start` (start itself not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            remaining -= 1
    return day


def working_days_between(
    start: date,
    end: date,
    holidays: frozenset[date] = frozenset(),
    workdays: frozenset[date] = frozenset(),
) -> int:
    """Count working days after `start` up to and including `end` (negative when end is earlier)."""
    if end < start:
        return -working_days_between(end, start, holidays, workdays)
    return sum(
        is_working_day(start + timedelta(days=n), holidays, workdays)
        for n in range(1, (end - start).days + 1)
    )
