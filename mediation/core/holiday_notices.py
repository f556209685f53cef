"""The State Council's holiday notices as data: each year's days off and worked weekend days.

Working-day deadlines (the three-working-day answer to an offer, court terms that roll over,
reminders) and slot search read these through mediation.core.holidays.load_calendar. Each year
is taken from its published notice (国务院办公厅关于XXXX年部分节假日安排的通知), cited below, and
checked day by day; no year is guessed. A year published after this release is added by an admin
on the calendar page; it is stored beside these and read the same way.

Also here, free of Flask and the database: reading the lines an admin types for a new notice.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Span:
    """Days off for one festival, first to last inclusive, and the weekend days worked for it."""

    name: str
    first: date
    last: date
    worked: tuple[date, ...] = ()

    @property
    def days(self) -> tuple[date, ...]:
        count = (self.last - self.first).days + 1
        return tuple(self.first + timedelta(days=n) for n in range(count))


@dataclass(frozen=True)
class Notice:
    year: int
    title: str
    number: str  # the document number, "" where none was published with the text
    issued_on: date
    source: str
    spans: tuple[Span, ...]

    @property
    def days_off(self) -> dict[date, str]:
        return {day: span.name for span in self.spans for day in span.days}

    @property
    def workdays(self) -> dict[date, str]:
        return {day: f"{span.name}调休上班" for span in self.spans for day in span.worked}


D = date
SHIPPED: tuple[Notice, ...] = (
    Notice(
        year=2025,
        title="国务院办公厅关于2025年部分节假日安排的通知",
        number="国办发明电〔2024〕12号",
        issued_on=D(2024, 11, 12),
        source="https://m.gmw.cn/2024-11/12/content_1303894933.htm",
        spans=(
            Span("元旦", D(2025, 1, 1), D(2025, 1, 1)),
            Span("春节", D(2025, 1, 28), D(2025, 2, 4), (D(2025, 1, 26), D(2025, 2, 8))),
            Span("清明节", D(2025, 4, 4), D(2025, 4, 6)),
            Span("劳动节", D(2025, 5, 1), D(2025, 5, 5), (D(2025, 4, 27),)),
            Span("端午节", D(2025, 5, 31), D(2025, 6, 2)),
            Span(
                "国庆节、中秋节", D(2025, 10, 1), D(2025, 10, 8), (D(2025, 9, 28), D(2025, 10, 11))
            ),
        ),
    ),
    Notice(
        year=2026,
        title="国务院办公厅关于2026年部分节假日安排的通知",
        number="",
        issued_on=D(2025, 11, 4),
        source="https://politics.gmw.cn/2025-11/04/content_38391083.htm",
        spans=(
            Span("元旦", D(2026, 1, 1), D(2026, 1, 3), (D(2026, 1, 4),)),
            Span("春节", D(2026, 2, 15), D(2026, 2, 23), (D(2026, 2, 14), D(2026, 2, 28))),
            Span("清明节", D(2026, 4, 4), D(2026, 4, 6)),
            Span("劳动节", D(2026, 5, 1), D(2026, 5, 5), (D(2026, 5, 9),)),
            Span("端午节", D(2026, 6, 19), D(2026, 6, 21)),
            Span("中秋节", D(2026, 9, 25), D(2026, 9, 27)),
            Span("国庆节", D(2026, 10, 1), D(2026, 10, 7), (D(2026, 9, 20), D(2026, 10, 10))),
        ),
    ),
)

# Notices are published in November of the year before; from then on a missing next year is
# shown to the staff, since every deadline that runs into it would ignore its holidays.
WARN_FROM_MONTH = 11

# One line per festival: "2027-02-05 2027-02-12 春节" (first and last day off, then the name),
# or a single day "2027-01-01 元旦"; a worked weekend day is "2027-02-13 春节调休上班".
_LINE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:\s*(?:至|到|-|~|\.\.)?\s*(\d{4}-\d{2}-\d{2}))?\s+(\S.*)$"
)
MAX_SPAN_DAYS = 14


class LinesError(ValueError):
    """Lines that do not read as days; `problems` holds (line number, message key, text)."""

    def __init__(self, problems: list[tuple[int, str, str]]):
        super().__init__(problems)
        self.problems = problems


def read_lines(text: str, year: int, *, spans: bool) -> list[tuple[date, date, str]]:
    """Read typed lines into (first, last, name); each day must fall in the notice's year.

    With `spans` false (worked weekend days) a line names one day only.
    """
    found, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            problems.append((number, "unreadable", line))
            continue
        try:
            first = date.fromisoformat(match.group(1))
            last = date.fromisoformat(match.group(2)) if match.group(2) else first
        except ValueError:
            problems.append((number, "bad_date", line))
            continue
        if match.group(2) and not spans:
            problems.append((number, "one_day_only", line))
        elif not spans and first.weekday() < 5:
            problems.append((number, "not_weekend", line))
        elif last < first or (last - first).days >= MAX_SPAN_DAYS:
            problems.append((number, "bad_span", line))
        elif first.year != year or last.year != year:
            problems.append((number, "other_year", line))
        else:
            found.append((first, last, match.group(3).strip()[:60]))
    if problems:
        raise LinesError(problems)
    return found
