"""Read a hand-off's timeline into its clock, applying corrections; local dates and times."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app

from mediation.core.db import utcnow
from mediation.core.holidays import load_calendar
from mediation.handoffs import clock
from mediation.handoffs.models import HandOff


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(zone()).date()


def local_instant(day: date, hour: int = 9) -> datetime:
    """Return the instant of `hour` o'clock local time on a day."""
    return datetime.combine(day, time(hour), tzinfo=zone())


def effective_dates(handoff: HandOff) -> dict[int, date | None]:
    """Return each event's day, the latest correction winning."""
    days = {e.id: e.effective_on for e in handoff.events}
    for event in handoff.events:
        if event.kind == "corrected" and event.corrects_id in days:
            days[event.corrects_id] = event.effective_on
    return days


def pauses_of(handoff: HandOff, overrides: dict[int, date] | None = None) -> tuple:
    days = effective_dates(handoff) | (overrides or {})
    pauses: list[clock.Pause] = []
    for event in handoff.events:
        if event.kind == "paused":
            pauses.append(clock.Pause(days[event.id]))
        elif event.kind == "resumed" and pauses and pauses[-1].end is None:
            pauses[-1] = clock.Pause(pauses[-1].start, days[event.id])
    return tuple(pauses)


def extensions_of(handoff: HandOff) -> tuple:
    return tuple(
        clock.Extension(e.data["days"], e.data["applicant_consent"], e.data["respondent_consent"])
        for e in handoff.events
        if e.kind == "extended"
    )


def clock_of(handoff: HandOff, calendar=None) -> clock.Clock | None:
    """Return the hand-off's clock, or None before sign-for or for outbound hand-offs."""
    if handoff.signed_for_on is None or handoff.rule_days is None:
        return None
    if calendar is None and (handoff.rule_working_days or handoff.rule_rolls_over):
        calendar = load_calendar()
    return clock.Clock(
        started_on=handoff.signed_for_on,
        rule=clock.Rule(handoff.rule_days, handoff.rule_working_days, handoff.rule_rolls_over),
        pauses=pauses_of(handoff),
        extensions=extensions_of(handoff),
        holidays=calendar.holidays if calendar else frozenset(),
        workdays=calendar.workdays if calendar else frozenset(),
    )


def status_of(handoff: HandOff, today: date | None = None, calendar=None) -> clock.Status | None:
    """Return due date, days left, paused and overdue for a hand-off whose clock runs."""
    running = clock_of(handoff, calendar)
    if running is None:
        return None
    status = running.status(today or local_today())
    if handoff.result is not None:
        return clock.Status(status.due_on, status.days_left, False, False, status.rolled_from)
    return status
