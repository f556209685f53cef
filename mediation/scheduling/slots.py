"""Slot search: the free times of a mediator (and a room), as plain values.

No Flask and no database: rules, busy intervals and "now" go in, UTC instants come out. Days and
opening hours are reckoned in the mediator's zone; slots step through absolute time from the
start of each opening window, so a daylight-saving change never yields a slot that does not
exist or counts an hour twice.
"""

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Window = tuple[time, time]
DEFAULT_WEEKLY: dict[int, tuple[Window, ...]] = {
    day: ((time(9), time(12)), (time(14), time(17, 30))) for day in range(5)
}


# The furthest ahead a mediator may take bookings; session and join links are sized to it.
MAX_HORIZON_DAYS = 365


@dataclass(frozen=True)
class Rules:
    """When a mediator sits, in their own zone."""

    zone: str = "Asia/Shanghai"
    weekly: dict[int, tuple[Window, ...]] = field(default_factory=lambda: dict(DEFAULT_WEEKLY))
    # A date listed here replaces its weekday's hours; an empty tuple is a day off.
    overrides: dict[date, tuple[Window, ...]] = field(default_factory=dict)
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # make-up working days (调休) sit Monday's hours
    buffer_before: int = 0  # minutes kept free before each session
    buffer_after: int = 0  # and after it
    min_notice: int = 24 * 60  # minutes between now and the earliest bookable start
    horizon_days: int = 60  # at most MAX_HORIZON_DAYS
    slot_minutes: int = 60
    interval_minutes: int = 30


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime
    end: datetime


def zone_of(name: str) -> ZoneInfo:
    """Return the zone called `name`; raise ValueError for names that are not zones."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def windows_on(rules: Rules, day: date) -> tuple[Window, ...]:
    """Return the opening hours of one local date."""
    if day in rules.overrides:
        return rules.overrides[day]
    if day in rules.workdays and day.weekday() >= 5:
        return rules.weekly.get(0, ())
    if day in rules.holidays:
        return ()
    return rules.weekly.get(day.weekday(), ())


def local_instant(day: date, moment: time, zone: ZoneInfo) -> datetime:
    """Return the UTC instant of a local wall time (a skipped time reads as after the jump)."""
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def _window_bounds(day: date, window: Window, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = local_instant(day, window[0], zone)
    # An end of 00:00 means midnight at the end of the day.
    end_day = day + timedelta(days=1) if window[1] == time(0) else day
    end = local_instant(end_day, window[1], zone)
    return start, end


def merge_busy(busy: Iterable[tuple[datetime, datetime]], pad: timedelta) -> list[tuple]:
    """Widen busy intervals by `pad` on each side and merge them into a sorted, disjoint list."""
    merged: list[list[datetime]] = []
    for start, end in sorted(busy):
        start, end = start - pad, end + pad
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _is_free(intervals: Sequence[tuple], starts: Sequence[datetime], s: datetime, e: datetime):
    # The last interval starting before the slot's end is the only one that can overlap it,
    # because the intervals are disjoint and sorted.
    index = bisect.bisect_left(starts, e) - 1
    return index < 0 or intervals[index][1] <= s


def free_slots(
    rules: Rules,
    busy: Iterable[tuple[datetime, datetime]],
    now: datetime,
    room_busy: Iterable[tuple[datetime, datetime]] = (),
    days: int | None = None,
) -> list[Slot]:
    """Return the bookable slots from now to the horizon, earliest first."""
    zone = zone_of(rules.zone)
    length = timedelta(minutes=rules.slot_minutes)
    step = timedelta(minutes=rules.interval_minutes)
    earliest = now + timedelta(minutes=rules.min_notice)
    latest = now + timedelta(days=rules.horizon_days)
    pad = timedelta(minutes=rules.buffer_before + rules.buffer_after)
    mediator = merge_busy(busy, pad)
    rooms = merge_busy(room_busy, timedelta(0))
    mediator_starts = [s for s, _ in mediator]
    room_starts = [s for s, _ in rooms]
    first_day = earliest.astimezone(zone).date()
    last_day = latest.astimezone(zone).date()
    if days is not None:
        last_day = min(last_day, first_day + timedelta(days=days - 1))
    slots: list[Slot] = []
    day = first_day
    while day <= last_day:
        for window in sorted(windows_on(rules, day)):
            window_start, window_end = _window_bounds(day, window, zone)
            start = window_start
            if start < earliest:
                # Stay on the window's grid: skip whole steps up to the earliest start.
                start += step * -(-(earliest - start) // step)
            while start + length <= window_end and start <= latest:
                end = start + length
                if _is_free(mediator, mediator_starts, start, end) and _is_free(
                    rooms, room_starts, start, end
                ):
                    slots.append(Slot(start, end))
                start += step
        day += timedelta(days=1)
    return slots


def fits_availability(rules: Rules, start: datetime, end: datetime, now: datetime) -> str | None:
    """Return why a start and end cannot be booked under the rules, or None when they can."""
    if end <= start:
        return "order"
    if start < now + timedelta(minutes=rules.min_notice):
        return "notice"
    if start > now + timedelta(days=rules.horizon_days):
        return "horizon"
    zone = zone_of(rules.zone)
    day = start.astimezone(zone).date()
    for window in windows_on(rules, day):
        window_start, window_end = _window_bounds(day, window, zone)
        if window_start <= start and end <= window_end:
            return None
    return "outside"


def overlaps(
    start: datetime, end: datetime, busy: Iterable[tuple[datetime, datetime]], pad: timedelta
) -> bool:
    """Tell whether [start, end) comes closer than `pad` to any busy interval."""
    return any(start < b_end + pad and b_start - pad < end for b_start, b_end in busy)


def by_local_day(slots: Iterable[Slot], zone_name: str) -> dict[date, list[Slot]]:
    """Group slots by the date a person in `zone_name` sees them on."""
    zone = zone_of(zone_name)
    grouped: dict[date, list[Slot]] = {}
    for slot in slots:
        grouped.setdefault(slot.start.astimezone(zone).date(), []).append(slot)
    return grouped


def parse_windows(text: str) -> tuple[Window, ...]:
    """Read opening hours written as "09:00-12:00, 14:00-17:30"; raise ValueError if wrong."""
    windows = []
    for part in text.replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        begin, sep, finish = part.replace("–", "-").partition("-")
        if not sep:
            raise ValueError(part)
        start, end = _parse_time(begin), _parse_time(finish)
        if end != time(0) and end <= start:
            raise ValueError(part)
        windows.append((start, end))
    windows.sort()
    for (_, end), (start, _) in zip(windows, windows[1:], strict=False):
        if end == time(0) or start < end:
            raise ValueError(text)
    return tuple(windows)


def _parse_time(text: str) -> time:
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit():
        raise ValueError(text)
    hour, minute = int(hours), int(minutes)
    if hour == 24 and minute == 0:
        return time(0)
    return time(hour, minute)


def format_windows(windows: Iterable[Window]) -> str:
    return ", ".join(
        f"{start:%H:%M}-{'24:00' if end == time(0) else f'{end:%H:%M}'}" for start, end in windows
    )
