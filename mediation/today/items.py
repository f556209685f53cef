"""What a "today" page is made of: groups of items, each linking to where it is done."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from mediation.core.holidays import Calendar
from mediation.core.workdays import working_days_between
from mediation.handoffs.timeline import local_instant, local_today

# How near a deadline must be to show as due soon, in working days.
DUE_SOON_WORKING_DAYS = 3
# An open case nobody has touched for this long shows as idle.
IDLE_AFTER = timedelta(days=7)
# Items shown per group; the group says how many more there are and links to the full list.
SHOWN = 8


@dataclass(frozen=True)
class Item:
    """One thing to do: what, about which case, by when, and where to do it."""

    title: str
    url: str
    detail: str = ""
    due: datetime | date | None = None
    urgent: bool = False
    # A second way in, such as the video room of a session (label, address).
    action: tuple[str, str] | None = None


@dataclass
class Group:
    """Items of one kind, most urgent first; `more_url` lists all of them."""

    key: str
    title: str
    empty: str
    items: list[Item] = field(default_factory=list)
    total: int = 0
    more_url: str | None = None

    def fill(self, items: list[Item]) -> "Group":
        self.total = len(items)
        self.items = items[:SHOWN]
        return self


@dataclass(frozen=True)
class Day:
    """The local day a page is for: its bounds as instants, and the working-day calendar."""

    today: date
    start: datetime
    end: datetime
    now: datetime
    calendar: Calendar

    @classmethod
    def of(cls, now: datetime, calendar: Calendar) -> "Day":
        today = local_today(now)
        start = local_instant(today, 0)
        return cls(today, start, start + timedelta(days=1), now, calendar)

    def working_days_to(self, day: date) -> int:
        return working_days_between(self.today, day, self.calendar.holidays, self.calendar.workdays)

    def due_soon(self, day: date | None) -> bool:
        return day is not None and self.working_days_to(day) <= DUE_SOON_WORKING_DAYS
