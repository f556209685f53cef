"""Every test starts at one fixed instant: SUITE_TIME_OF_DAY (Beijing time) on SUITE_DATE.

No test reads the wall clock. Each test starts at the same instant, whatever the hour the suite
runs at, whichever tests run before it and however long they take, and the clock ticks on from
there inside the test (so timeouts and durations still work). The instant defaults to
DEFAULT_TIME_OF_DAY on DEFAULT_DATE; CI runs the suite twice at different hours, so a test that
only passes in the morning fails there. A test that pins its own instant (time_machine.travel,
or the time_machine mark) still wins. Tests marked slow start real processes (servers, the
scheduler) that read the real clock, so they keep it too.
"""

import os
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

import pytest
import time_machine

# Beijing time has no daylight saving, so a fixed offset names it without a zone lookup.
BEIJING = timezone(timedelta(hours=8))
# A Wednesday, a working day with no holiday near it, in the middle of a morning sitting.
DEFAULT_DATE = date(2026, 12, 2)
DEFAULT_TIME_OF_DAY = "09:30"

_STARTED = pytest.StashKey[datetime]()


def suite_start() -> datetime:
    """Return the instant every test starts at."""
    time_of_day = os.environ.get("SUITE_TIME_OF_DAY", "").strip() or DEFAULT_TIME_OF_DAY
    try:
        moment = time.fromisoformat(time_of_day)
        day = date.fromisoformat(os.environ.get("SUITE_DATE", "").strip() or str(DEFAULT_DATE))
    except ValueError as error:
        raise pytest.UsageError(
            f"SUITE_TIME_OF_DAY must be HH:MM and SUITE_DATE YYYY-MM-DD: {error}"
        ) from error
    return datetime.combine(day, moment, BEIJING)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_STARTED] = suite_start()


def pytest_report_header(config: pytest.Config) -> str | None:
    started = config.stash.get(_STARTED, None)
    if started is None:
        return None
    return f"suite clock: every test starts at {started.isoformat()} (Beijing time), ticking"


@pytest.fixture(autouse=True)
def _suite_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """Start the test at the suite's instant, unless it pins its own or runs real servers."""
    started = request.config.stash.get(_STARTED, None)
    node = request.node
    if (
        started is None
        or node.get_closest_marker("slow")
        or node.get_closest_marker("time_machine")
    ):
        yield
        return
    with time_machine.travel(started, tick=True):
        yield
