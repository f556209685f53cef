"""Caucus timers: pure rules for how long a private room lasts and what its end does.

A caucus may carry a timer: the instant it ends. Everyone in the caucus is shown the time left
and warned a minute before; at the end everyone still in it goes back to the joint room. The
mediator may set a timer on a caucus that has people in it, extend it, or clear it; a caucus
that empties loses its timer.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from mediation.video.permissions import CAUCUSES, JOINT, Member

MIN_MINUTES = 1
MAX_MINUTES = 60
WARNING = timedelta(minutes=1)
# However often it is extended, a caucus never runs more than this from the moment it is set.
MAX_TOTAL = timedelta(minutes=MAX_MINUTES * 2)


class TimerRefused(ValueError):
    """A timer request the rules do not allow; code says which rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Timer:
    place: str
    started_at: datetime
    ends_at: datetime

    @property
    def warn_at(self) -> datetime:
        return max(self.started_at, self.ends_at - WARNING)

    def seconds_left(self, now: datetime) -> int:
        return max(0, int((self.ends_at - now).total_seconds()))


def minutes_of(value: object) -> int:
    """Return a duration in whole minutes, 1 to 60, or refuse it."""
    if type(value) is not int or not MIN_MINUTES <= value <= MAX_MINUTES:
        raise TimerRefused("bad_minutes")
    return value


def occupied(place: str, members: Iterable[Member]) -> bool:
    """Return whether anyone (connected or not) is in a place."""
    return any(m.place == place for m in members)


def set_timer(place: object, minutes: object, members: Iterable[Member], now: datetime) -> Timer:
    """Return a fresh timer for a caucus with people in it."""
    if not isinstance(place, str) or place not in CAUCUSES:
        raise TimerRefused("bad_place")
    length = minutes_of(minutes)
    if not occupied(place, members):
        raise TimerRefused("caucus_empty")
    return Timer(place, now, now + timedelta(minutes=length))


def extend_timer(timer: Timer | None, minutes: object, now: datetime) -> Timer:
    """Return the timer running that many minutes longer (from its end, not from now)."""
    length = minutes_of(minutes)
    if timer is None or timer.ends_at <= now:
        raise TimerRefused("no_timer")
    ends_at = timer.ends_at + timedelta(minutes=length)
    if ends_at - timer.started_at > MAX_TOTAL:
        raise TimerRefused("too_long")
    return Timer(timer.place, timer.started_at, ends_at)


def due(timers: Iterable[Timer], now: datetime) -> list[Timer]:
    """Return the timers that have run out."""
    return [t for t in timers if t.ends_at <= now]


def warnings_due(timers: Iterable[Timer], now: datetime) -> list[Timer]:
    """Return the running timers inside their last minute."""
    return [t for t in timers if t.warn_at <= now < t.ends_at]


def expiry_moves(place: str, members: Iterable[Member]) -> dict[int, str]:
    """Return the moves a caucus's end makes: everyone in it back to the joint room."""
    return {m.id: JOINT for m in members if m.place == place}


def abandoned(timers: Mapping[str, Timer], members: Iterable[Member]) -> list[str]:
    """Return the places whose timer must go because nobody is left in the caucus."""
    members = list(members)
    return [place for place in timers if not occupied(place, members)]


def timer_view(timer: Timer | None, now: datetime) -> dict | None:
    """Return what a member in the caucus is sent: the end instant and the server's now."""
    if timer is None:
        return None
    return {
        "place": timer.place,
        "ends_at": timer.ends_at.isoformat(),
        "warn_at": timer.warn_at.isoformat(),
        "now": now.isoformat(),
        "seconds_left": timer.seconds_left(now),
    }
