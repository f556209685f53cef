"""Run the suite at a chosen time of day: SUITE_TIME_OF_DAY=10:45 (Beijing time).

CI runs the suite twice at different hours, so a test that only passes in the morning fails
there. The clock starts at that time on a fixed date (SUITE_DATE, default below) when the run
starts and ticks on with the real clock, so each test sees a later instant than the one before.
A test that pins its own instant (time_machine.travel, or the time_machine mark) still wins.
Tests marked slow start real processes (servers, the scheduler) that read the real clock, so
they keep it too.
"""

import os
import time as wall
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

import pytest
import time_machine

# Beijing time has no daylight saving, so a fixed offset names it without a zone lookup.
BEIJING = timezone(timedelta(hours=8))
# A Wednesday, a working day with no holiday near it.
DEFAULT_DATE = date(2026, 12, 2)

_STARTED = pytest.StashKey[tuple[datetime, float]]()


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
    if start is not None:
        config.stash[_STARTED] = (start, wall.monotonic())


def pytest_report_header(config: pytest.Config) -> str | None:
    started = config.stash.get(_STARTED, None)
    if started is None:
        return None
    return f"suite clock: starts at {started[0].isoformat()} (Beijing time), ticking"


@pytest.fixture(autouse=True)
def _suite_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """Put the test at the suite's time of day, unless it pins its own or runs real servers."""
    started = request.config.stash.get(_STARTED, None)
    node = request.node
    if (
        started is None
        or node.get_closest_marker("slow")
        or node.get_closest_marker("time_machine")
    ):
        yield
        return
    start, real_start = started
    now = start + timedelta(seconds=wall.monotonic() - real_start)
    with time_machine.travel(now, tick=True):
        yield
