"""The statistics report's periods: a month, a quarter or a statistical year. Plain Python.

The statistical year may not be the calendar year: one city's annual figures ran to
30 November (reference §1.1), so the last month of the year is a setting
(STATISTICS_YEAR_END_MONTH, default 12). Quarters are the year's four runs of three months
from its first month; a month is always a calendar month.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from mediation.reports.periods import Period


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


PATTERNS = {
    PeriodKind.MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    PeriodKind.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$"),
    PeriodKind.YEAR: re.compile(r"^(\d{4})$"),
}
FIRST_YEAR, LAST_YEAR = 2000, 2100


class BadPeriod(ValueError):
    """The period's name does not fit its kind."""


@dataclass(frozen=True)
class ReportPeriod:
    """A named period of the report and the local days it covers."""

    kind: PeriodKind
    name: str
    period: Period


def _month_start(year: int, month: int) -> date:
    """The first day of a month counted from January of `year` (month may pass 12 or 0)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, 1)


def _months(first: date, count: int) -> tuple[date, date]:
    after = _month_start(first.year, first.month + count)
    return first, after - timedelta(days=1)


def year_start(year: int, end_month: int) -> date:
    """The first day of statistical year `year`, which ends with month `end_month`."""
    return _month_start(year, end_month + 1 - 12)


def parse_period(kind: str, name: str, zone: str, end_month: int = 12) -> ReportPeriod:
    """Turn a kind and a name (2026-03, 2026-Q1, 2026) into the local days it covers."""
    if not 1 <= end_month <= 12:
        raise ValueError(f"STATISTICS_YEAR_END_MONTH must be 1 to 12, not {end_month}")
    try:
        kind = PeriodKind(kind)
    except ValueError:
        raise BadPeriod("kind") from None
    match = PATTERNS[kind].match(name or "")
    if match is None:
        raise BadPeriod("name")
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadPeriod("year")
    if kind == PeriodKind.MONTH:
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise BadPeriod("month")
        start, end = _months(date(year, month, 1), 1)
    elif kind == PeriodKind.QUARTER:
        first = year_start(year, end_month)
        quarter = int(match.group(2))
        start, end = _months(_month_start(first.year, first.month + 3 * (quarter - 1)), 3)
    else:
        start, end = _months(year_start(year, end_month), 12)
    return ReportPeriod(kind, name, Period(start, end, zone))


def current_name(kind: PeriodKind, today: date, end_month: int = 12) -> str:
    """The name of the period of `kind` that holds `today`."""
    if kind == PeriodKind.MONTH:
        return today.strftime("%Y-%m")
    year = today.year + (1 if today.month > end_month else 0)
    if kind == PeriodKind.YEAR:
        return str(year)
    first = year_start(year, end_month)
    months = (today.year - first.year) * 12 + today.month - first.month
    return f"{year}-Q{months // 3 + 1}"
