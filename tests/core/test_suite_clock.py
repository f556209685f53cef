"""The suite's clock starts at the asked time of day in Beijing time, or not at all."""

from datetime import UTC, datetime

import pytest

from tests.suite_clock import suite_start


def test_no_time_of_day_leaves_the_real_clock(monkeypatch):
    monkeypatch.delenv("SUITE_TIME_OF_DAY", raising=False)
    assert suite_start() is None


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
