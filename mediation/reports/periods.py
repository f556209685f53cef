"""Report periods: local calendar days turned into UTC instants. Plain Python."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Period:
    """From the start of `start` to the end of `end`, both local days in `zone`."""

    start: date
    end: date
    zone: str = "Asia/Shanghai"

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time(), ZoneInfo(self.zone)).astimezone(UTC)

    @property
    def end_at(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        after = self.end + timedelta(days=1)
        return datetime.combine(after, time(), ZoneInfo(self.zone)).astimezone(UTC)

    @property
    def utc_offset_hours(self) -> float:
        offset = datetime.combine(self.start, time(), ZoneInfo(self.zone)).utcoffset()
        return (offset or timedelta(0)) / timedelta(hours=1)

    def months(self) -> list[str]:
        """Return the months the period touches, as YYYY-MM."""
        months, current = [], self.start.replace(day=1)
        while current <= self.end:
            months.append(current.strftime("%Y-%m"))
            current = (current + timedelta(days=32)).replace(day=1)
        return months


def year_period(year: int, zone: str) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), zone)


def default_period(today: date, zone: str) -> Period:
    """The last twelve months up to today."""
    start = (today.replace(day=1) - timedelta(days=335)).replace(day=1)
    return Period(start, today, zone)


def rate(part: int | None, whole: int | None) -> float | None:
    """Return part/whole as a percentage with one decimal, or None when whole is zero."""
    if not whole:
        return None
    return round(100.0 * (part or 0) / whole, 1)
