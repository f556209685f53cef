"""Wall times that a clock shows twice or never, and how to tell them apart.

When clocks go back, an hour of wall time occurs twice (01:00 on 2027-11-07 in New York is
05:00Z and again 06:00Z); when they go forward, an hour never occurs. Such a wall time alone
names no instant, so every place that writes one adds its UTC offset: 01:00 (UTC-04:00).
"""

from datetime import datetime, timedelta, tzinfo


def is_ambiguous(local: datetime) -> bool:
    """Tell whether the wall time of an aware datetime occurs twice, or never, in its zone."""
    if local.tzinfo is None:
        return False
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def offset_text(local: datetime) -> str:
    """Write a datetime's UTC offset as UTC+08:00, UTC-04:00."""
    offset = local.utcoffset() or timedelta()
    sign = "-" if offset < timedelta() else "+"
    minutes = abs(offset) // timedelta(minutes=1)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def wall_time(moment: datetime, zone: tzinfo, pattern: str = "%H:%M") -> tuple[str, str | None]:
    """Return an instant's wall time in a zone, and its offset if that wall time is ambiguous."""
    local = moment.astimezone(zone)
    return local.strftime(pattern), offset_text(local) if is_ambiguous(local) else None


def wall_span(
    start: datetime, end: datetime, zone: tzinfo
) -> tuple[tuple[str, str | None], tuple[str, str | None]]:
    """Return start and end of a span as wall times that never read the same.

    The start carries its date; the end carries only its time unless it falls on another
    date. Across the night clocks go back, both carry their offsets (01:00 to 01:00 would say
    the session takes no time).
    """
    first, last = start.astimezone(zone), end.astimezone(zone)
    end_pattern = "%H:%M" if last.date() == first.date() else "%Y-%m-%d %H:%M"
    start_text = (first.strftime("%Y-%m-%d %H:%M"), _offset_if(first))
    end_text = (last.strftime(end_pattern), _offset_if(last))
    if end > start and last.strftime("%Y-%m-%d %H:%M") == first.strftime("%Y-%m-%d %H:%M"):
        start_text = (start_text[0], offset_text(first))
        end_text = (end_text[0], offset_text(last))
    return start_text, end_text


def _offset_if(local: datetime) -> str | None:
    return offset_text(local) if is_ambiguous(local) else None
