"""The public holiday calendar: the notices shipped as data, those an admin adds, corrections.

The State Council's notices up to this release are data (mediation.core.holiday_notices); a
later year's notice is added on the calendar page (HolidayNotice with its days as Holiday rows);
`flask holidays set` corrects a single day. A stored day wins over the shipped one.
"""

from dataclasses import dataclass
from datetime import date, datetime

import click
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from mediation.core.audit import record_event
from mediation.core.db import UTCDateTime, utcnow
from mediation.core.errors import Conflict
from mediation.core.holiday_notices import SHIPPED, WARN_FROM_MONTH
from mediation.core.memo import remembered
from mediation.extensions import db


class Holiday(db.Model):
    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(60))
    # A weekend day worked in exchange for a longer holiday (调休) is a working day.
    is_workday: Mapped[bool] = mapped_column(default=False)
    # The added notice the day came with; none for a single day set from the command line.
    notice_year: Mapped[int | None] = mapped_column(ForeignKey("holiday_notices.year"))


class HolidayNotice(db.Model):
    """A year's notice published after this release, added by an admin."""

    __tablename__ = "holiday_notices"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(60), default="")
    issued_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date]
    workdays: frozenset[date]
    years: frozenset[int] = frozenset()  # the years a notice covers, shipped or added


def load_calendar() -> Calendar:
    """Read the whole calendar into the sets the working-day functions take.

    Read once per transaction (mediation.core.memo) while no holiday or notice changes.
    """
    return remembered("holiday calendar", (Holiday, HolidayNotice), _read_calendar)


def _read_calendar() -> Calendar:
    is_workday: dict[date, bool] = {}
    for notice in SHIPPED:
        is_workday.update(dict.fromkeys(notice.days_off, False))
        is_workday.update(dict.fromkeys(notice.workdays, True))
    rows = db.session.execute(select(Holiday.day, Holiday.is_workday)).all()
    is_workday.update({day: worked for day, worked in rows})
    return Calendar(
        holidays=frozenset(day for day, worked in is_workday.items() if not worked),
        workdays=frozenset(day for day, worked in is_workday.items() if worked),
        years=notice_years(),
    )


def notice_years() -> frozenset[int]:
    """The years a holiday notice covers, shipped or added.

    Every staff page asks (is next year's notice missing?) without needing the days: read
    once per transaction (mediation.core.memo) while no notice changes.
    """

    def read() -> frozenset[int]:
        added = db.session.scalars(select(HolidayNotice.year)).all()
        return frozenset({n.year for n in SHIPPED} | set(added))

    return remembered("holiday notice years", (HolidayNotice,), read)


def missing_year(today: date, years: frozenset[int]) -> int | None:
    """The year whose notice is due but not loaded: this year, or from November the next."""
    if today.year not in years:
        return today.year
    if today.month >= WARN_FROM_MONTH and today.year + 1 not in years:
        return today.year + 1
    return None


def add_notice(data: dict, admin_id: int) -> HolidayNotice:
    """Store a newly published year's notice with its days; the caller commits.

    `data` holds year, title, number, issued_on, source, and days_off / workdays as lists of
    (first, last, name). A year shipped with the release or already added is refused.
    """
    year = data["year"]
    if year in {n.year for n in SHIPPED} or db.session.get(HolidayNotice, year) is not None:
        message = _l("The calendar already holds the notice for %(year)s.")
        raise Conflict(message, {"year": [message]}, "notice_exists", {"year": year})
    notice = HolidayNotice(
        year=year,
        title=data["title"],
        number=data.get("number") or "",
        issued_on=data["issued_on"],
        source=data.get("source") or "",
        added_by_id=admin_id,
    )
    db.session.add(notice)
    db.session.flush()
    days = 0
    for worked, lines in ((False, data["days_off"]), (True, data["workdays"])):
        for first, last, name in lines:
            for offset in range((last - first).days + 1):
                day = date.fromordinal(first.toordinal() + offset)
                set_day(day, name, worked).notice_year = year
                days += 1
    record_event("holiday.notice_added", "holiday_notice", year, actor_id=admin_id, days=days)
    return notice


def set_day(day: date, name: str, is_workday: bool = False) -> Holiday:
    """Record a holiday or a make-up workday, replacing what the date had; the caller commits."""
    holiday = db.session.scalar(select(Holiday).where(Holiday.day == day))
    if holiday is None:
        holiday = Holiday(day=day)
        db.session.add(holiday)
    holiday.name = name
    holiday.is_workday = is_workday
    db.session.flush()
    return holiday


holidays_cli = AppGroup("holidays", help="Keep the public holiday calendar.")


@holidays_cli.command("set")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("name")
@click.option("--workday", is_flag=True, help="A weekend day that is worked (调休).")
def set_day_command(day, name: str, workday: bool) -> None:
    """Mark DAY (YYYY-MM-DD) as a holiday called NAME, or as a make-up workday."""
    set_day(day.date(), name, workday)
    db.session.commit()
    click.echo(f"{day.date()} {name} {'workday' if workday else 'holiday'}")


@holidays_cli.command("list")
def list_days_command() -> None:
    """Print the calendar."""
    for holiday in db.session.scalars(select(Holiday).order_by(Holiday.day)):
        click.echo(f"{holiday.day} {'workday' if holiday.is_workday else 'holiday'} {holiday.name}")
