"""Training hours counted per calendar year, the figure a mediator's annual review asks for."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal


def hours_per_year(sessions: Iterable[tuple[date, Decimal]]) -> list[tuple[int, Decimal]]:
    """Return (year, total hours) for each year with training, the latest year first."""
    totals: dict[int, Decimal] = {}
    for held_on, hours in sessions:
        totals[held_on.year] = totals.get(held_on.year, Decimal(0)) + hours
    return sorted(totals.items(), reverse=True)
