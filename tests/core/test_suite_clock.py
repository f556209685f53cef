"""Every test starts at one fixed instant: the asked time of day in Beijing time, or a default."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from mediation.core.db import utcnow
from tests.suite_clock import suite_start


def test_no_time_of_day_still_fixes_the_instant(monkeypatch):
    monkeypatch.delenv("SUITE_TIME_OF_DAY", raising=False)
    monkeypatch.delenv("SUITE_DATE", raising=False)
    assert suite_start() == datetime(2026, 12, 2, 1, 30, tzinfo=UTC)


def test_a_test_that_runs_long_moves_only_its_own_clock():
    with time_machine.travel(utcnow() + timedelta(hours=3), tick=True):
        assert utcnow() - suite_start() > timedelta(hours=2)


def test_each_test_starts_at_the_suite_instant_whatever_ran_before():
    # The clock ticks inside the test, so a moment has passed, never the suite's running time
    # nor what the test before did to its own clock.
    assert timedelta(0) <= utcnow() - suite_start() < timedelta(seconds=5)


def test_a_time_of_day_starts_at_that_beijing_time_on_the_fixed_date(monkeypatch):
    monkeypatch.setenv("SUITE_TIME_OF_DAY", "10:45")
    monkeypatch.delenv("SUITE_DATE", raising=False)
    assert suite_start() == datetime(2026, 12, 2, 2, 45, tzinfo=UTC)


def test_a_suite_date_moves_the_day(monkeypatch):
    monkeypatch.setenv("SUITE_TIME_OF_DAY", "07:30")
    monkeypatch.setenv("SUITE_DATE", "2027-01-01")
    assert suite_start() == datetime(2026, 12, 31, 23, 30, tzinfo=UTC)


def test_a_time_of_day_that_is_not_one_stops_the_run(monkeypatch):
    monkeypatch.setenv("SUITE_TIME_OF_DAY", "25:00")
    with pytest.raises(pytest.UsageError):
        suite_start()
