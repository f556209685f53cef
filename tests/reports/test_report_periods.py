"""The statistics report's months, quarters and years, and the configurable year end."""

from datetime import UTC, date, datetime

import pytest

from mediation.reports.report_periods import BadPeriod, PeriodKind, current_name, parse_period

ZONE = "Asia/Shanghai"


def days(kind, name, end_month=12):
    period = parse_period(kind, name, ZONE, end_month).period
    return period.start, period.end


def test_a_month_runs_from_its_first_to_its_last_day():
    assert days("month", "2026-02") == (date(2026, 2, 1), date(2026, 2, 28))


def test_a_month_starts_at_midnight_in_shanghai():
    period = parse_period("month", "2026-03", ZONE).period
    assert period.start_at == datetime(2026, 2, 28, 16, 0, tzinfo=UTC)
    assert period.end_at == datetime(2026, 3, 31, 16, 0, tzinfo=UTC)


def test_quarters_of_the_calendar_year():
    assert days("quarter", "2026-Q1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert days("quarter", "2026-Q4") == (date(2026, 10, 1), date(2026, 12, 31))


def test_a_statistical_year_ending_in_november_starts_in_december_before():
    assert days("year", "2026", 11) == (date(2025, 12, 1), date(2026, 11, 30))
    assert days("quarter", "2026-Q1", 11) == (date(2025, 12, 1), date(2026, 2, 28))
    assert days("quarter", "2026-Q4", 11) == (date(2026, 9, 1), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("month", "2026-13"),
        ("month", "2026-3"),
        ("quarter", "2026-Q5"),
        ("year", "26"),
        ("week", "2026"),
        ("year", "1999"),
        ("month", ""),
    ],
)
def test_a_name_that_does_not_fit_its_kind_is_refused(kind, name):
    with pytest.raises(BadPeriod):
        parse_period(kind, name, ZONE)


def test_the_current_period_of_each_kind():
    today = date(2026, 12, 1)
    assert current_name(PeriodKind.MONTH, today) == "2026-12"
    assert current_name(PeriodKind.QUARTER, today) == "2026-Q4"
    assert current_name(PeriodKind.YEAR, today, end_month=11) == "2027"
    assert current_name(PeriodKind.QUARTER, today, end_month=11) == "2027-Q1"


def test_a_year_end_outside_the_twelve_months_is_a_configuration_error():
    with pytest.raises(ValueError, match="STATISTICS_YEAR_END_MONTH"):
        parse_period("year", "2026", ZONE, end_month=13)
