"""The public holiday calendar, kept by an admin: holidays and make-up workdays."""

from dataclasses import dataclass
from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy import Date, String, select
from sqlalchemy.orm import Mapped, mapped_column

from mediation.extensions import db


class Holiday(db.Model):
    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(60))
    # A weekend day worked in exchange for a longer holiday (调休) is a working day.
    is_workday: Mapped[bool] = mapped_column(default=False)


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date]
    workdays: frozenset[date]


def load_calendar() -> Calendar:
    """Read the holiday calendar into the sets the working-day functions take."""
    rows = db.session.execute(select(Holiday.day, Holiday.is_workday)).all()
    return Calendar(
        holidays=frozenset(day for day, is_workday in rows if not is_workday),
        workdays=frozenset(day for day, is_workday in rows if is_workday),
    )


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
