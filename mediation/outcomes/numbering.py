"""The agreement's number (协议书编号): per committee and year, `（2026）乐人调字第1号`.

The pattern follows the case file's 卷号 (reference §2.5); the county's abbreviation and the
pattern itself are configuration (AGREEMENT_NUMBER_PREFIX, AGREEMENT_NUMBER_FORMAT), and a
committee may carry its own abbreviation. Plain decisions over values.
"""

from datetime import datetime
from zoneinfo import ZoneInfo


def number_year(effective_at: datetime, zone: str) -> int:
    """Return the year an agreement counts in: its day of effect, in the county's time zone."""
    return effective_at.astimezone(ZoneInfo(zone)).year


def abbreviation_of(own: str | None, county: str) -> str:
    """The committee's own abbreviation where it has one, else the county's."""
    return (own or "").strip() or county


def format_number(pattern: str, year: int, abbreviation: str, serial: int) -> str:
    """Write a number out: the year in full, the abbreviation, the serial without padding."""
    return pattern.format(year=year, abbreviation=abbreviation, serial=serial)
