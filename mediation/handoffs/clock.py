"""The deadline clock of a hand-off: plain values in, dates and day counts out.

The clock starts on the day the mediation side signs for a referral; that day itself is not
counted (a period's first day is not counted under Chinese procedural law). Days spent on
appraisal (鉴定) are not counted: a pause covers its first day up to the day before the resume.
Extensions add days, and only with both parties' consent. A rule counts calendar days or working
days (weekends and holidays out, make-up workdays in). A rule that rolls over moves a last day
falling on a weekend or public holiday to the next working day, as the Civil Procedure Law does
for court terms (art. 85: 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from mediation.core.workdays import is_working_day

# A clock never runs for more than this; a safeguard against a rule typed with too many days.
MAX_SPAN_DAYS = 3660


class ClockError(ValueError):
    """A change the clock cannot take."""


class PauseOverlaps(ClockError):
    """A pause would overlap another, or start before the clock did."""


class NotPaused(ClockError):
    """A resume without an open pause, or one dated before the pause began."""


class AlreadyPaused(ClockError):
    """A pause while another is still open."""


class ConsentMissing(ClockError):
    """An extension without both parties' recorded consent."""


@dataclass(frozen=True)
class Rule:
    days: int
    working_days: bool = False
    # A last day on a non-working day moves to the next working day.
    rolls_over: bool = False


@dataclass(frozen=True)
class Pause:
    start: date
    end: date | None = None  # the day the clock resumed; None while still paused

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Extension:
    days: int
    applicant_consent: bool
    respondent_consent: bool


@dataclass(frozen=True)
class Status:
    due_on: date | None
    days_left: int
    paused: bool
    overdue: bool
    # The last day of the term before it rolled over to due_on (None: it did not roll over).
    rolled_from: date | None = None


@dataclass(frozen=True)
class Clock:
    started_on: date
    rule: Rule
    pauses: tuple[Pause, ...] = ()
    extensions: tuple[Extension, ...] = ()
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    @property
    def total_days(self) -> int:
        return self.rule.days + sum(e.days for e in self.extensions)

    def counts(self, day: date) -> bool:
        """Tell whether a day counts towards the term."""
        if day <= self.started_on or any(p.covers(day) for p in self.pauses):
            return False
        return not self.rule.working_days or is_working_day(day, self.holidays, self.workdays)

    def counted_through(self, day: date) -> int:
        """Count the days that counted after the start, up to and including `day`."""
        span = min((day - self.started_on).days, MAX_SPAN_DAYS)
        return sum(self.counts(self.started_on + timedelta(days=n)) for n in range(1, span + 1))

    @property
    def term_end(self) -> date | None:
        """Return the day the term's count runs out, or None while a pause is open."""
        if any(p.end is None for p in self.pauses):
            return None
        counted, day = 0, self.started_on
        for _ in range(MAX_SPAN_DAYS):
            if counted >= self.total_days:
                return day
            day += timedelta(days=1)
            counted += self.counts(day)
        return day

    @property
    def due_on(self) -> date | None:
        """Return the last day of the term (rolled over if the rule says so), or None."""
        end = self.term_end
        if end is None or not self.rule.rolls_over:
            return end
        for _ in range(MAX_SPAN_DAYS):
            if is_working_day(end, self.holidays, self.workdays):
                break
            end += timedelta(days=1)
        return end

    @property
    def rolled_from(self) -> date | None:
        """Return the term's own last day when it fell on a non-working day and moved."""
        end = self.term_end
        return end if end is not None and end != self.due_on else None

    def days_left(self, today: date) -> int:
        """Days of the term still to run after today (negative once overdue)."""
        due = self.due_on
        if due is not None and today > due:
            return -self._days_over(due, today)
        end = self.term_end
        rolled = (due - end).days if due is not None and end is not None else 0
        return self.total_days - self.counted_through(today) + rolled

    def _days_over(self, due: date, today: date) -> int:
        if not self.rule.working_days:
            return (today - due).days
        return max(1, self.counted_through(today) - self.counted_through(due))

    def status(self, today: date) -> Status:
        due = self.due_on
        return Status(
            due_on=due,
            days_left=self.days_left(today),
            paused=any(p.covers(today) for p in self.pauses),
            overdue=due is not None and today > due,
            rolled_from=self.rolled_from,
        )


def check_pauses(started_on: date, pauses: tuple[Pause, ...]) -> None:
    """Refuse pauses that overlap, end before they start, or start before the clock."""
    previous_end: date | None = started_on
    for index, pause in enumerate(sorted(pauses, key=lambda p: p.start)):
        if pause.end is not None and pause.end <= pause.start:
            raise NotPaused(f"pause {index} resumes on or before the day it began")
        if previous_end is None or pause.start < previous_end:
            raise PauseOverlaps(f"pause {index} overlaps another pause or the start")
        previous_end = pause.end


def add_pause(started_on: date, pauses: tuple[Pause, ...], start: date) -> tuple[Pause, ...]:
    """Return the pauses with a new open one from `start`."""
    if any(p.end is None for p in pauses):
        raise AlreadyPaused("the clock is already paused")
    result = (*pauses, Pause(start))
    check_pauses(started_on, result)
    return result


def close_pause(started_on: date, pauses: tuple[Pause, ...], end: date) -> tuple[Pause, ...]:
    """Return the pauses with the open one resumed on `end`."""
    open_ones = [p for p in pauses if p.end is None]
    if not open_ones:
        raise NotPaused("the clock is not paused")
    result = tuple(Pause(p.start, end) if p.end is None else p for p in pauses)
    check_pauses(started_on, result)
    return result


def add_extension(extensions: tuple[Extension, ...], extension: Extension) -> tuple[Extension, ...]:
    """Return the extensions with one more, which both parties must have consented to."""
    if not (extension.applicant_consent and extension.respondent_consent):
        raise ConsentMissing("an extension needs both parties' consent")
    if extension.days <= 0:
        raise ClockError("an extension adds at least one day")
    return (*extensions, extension)


def window_end(start: date, days: int) -> date:
    """Return the last day of a plain calendar window of `days` after `start`."""
    return start + timedelta(days=days)
