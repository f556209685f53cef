"""Run the whole suite at a chosen time of day: SUITE_TIME_OF_DAY=10:45 (Beijing time).

CI runs the suite twice at different hours, so a test that only passes in the morning fails
there. The clock starts at that time on a fixed date (SUITE_DATE, default below) and ticks on;
a test that travels to its own instant (time_machine.travel) still wins while it runs. Only this
Python process is faked: subprocesses a test starts read the real clock.
"""

import os
from datetime import date, datetime, time, timedelta, timezone

import pytest
import time_machine

# Beijing time has no daylight saving, so a fixed offset names it without a zone lookup.
BEIJING = timezone(timedelta(hours=8))
# A Wednesday, a working day with no holiday near it.
DEFAULT_DATE = date(2026, 12, 2)


def suite_start() -> datetime | None:
    """Return the instant the suite's clock starts at, or None to leave the real clock."""
    time_of_day = os.environ.get("SUITE_TIME_OF_DAY", "").strip()
    if not time_of_day:
        return None
    try:
        moment = time.fromisoformat(time_of_day)
        day = date.fromisoformat(os.environ.get("SUITE_DATE", "").strip() or str(DEFAULT_DATE))
    except ValueError as error:
        raise pytest.UsageError(
            f"SUITE_TIME_OF_DAY must be HH:MM and SUITE_DATE YYYY-MM-DD: {error}"
        ) from error
    return datetime.combine(day, moment, BEIJING)


def pytest_configure(config: pytest.Config) -> None:
    start = suite_start()
    if start is None:
        return
    traveller = time_machine.travel(start, tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    start = suite_start()
    if start is None:
        return None
    return f"suite clock: starts {start.isoformat()} (Beijing time), ticking"


_TRAVELLER = pytest.StashKey[time_machine.travel]()
