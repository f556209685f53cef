"""The liaison's dashboard: hand-offs with their clocks, overdue first, and its exports."""

from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from mediation.accounts.models import User
from mediation.core import exports
from mediation.core.holidays import load_calendar
from mediation.extensions import db
from mediation.handoffs.access import visible_handoffs
from mediation.handoffs.clock import Status
from mediation.handoffs.labels import OPEN_STATUSES, REFERRAL_TYPES, RESULTS, STATUSES
from mediation.handoffs.models import HandOff
from mediation.handoffs.timeline import local_today, status_of

MAX_ROWS = 2000


@dataclass(frozen=True)
class Row:
    handoff: HandOff
    clock: Status | None

    @property
    def overdue(self) -> bool:
        return bool(self.clock and self.clock.overdue)

    @property
    def open(self) -> bool:
        return self.handoff.status in OPEN_STATUSES


def dashboard_rows(user: User, filters: dict) -> list[Row]:
    """Return the hand-offs a user may see: overdue first, then the fewest days left."""
    query = visible_handoffs(user).options(
        selectinload(HandOff.events), selectinload(HandOff.agency), selectinload(HandOff.dispute)
    )
    for name in ("status", "direction", "referral_type", "agency_id"):
        if filters.get(name) is not None:
            query = query.where(getattr(HandOff, name) == filters[name])
    if filters.get("q"):
        query = query.where(or_(HandOff.reference.contains(filters["q"], autoescape=True)))
    handoffs = db.session.scalars(query.order_by(HandOff.sent_at.desc()).limit(MAX_ROWS)).all()
    today, calendar = local_today(), load_calendar()
    rows = [Row(h, status_of(h, today, calendar)) for h in handoffs]
    if filters.get("overdue") is not None:
        rows = [r for r in rows if r.overdue == filters["overdue"]]

    def order(row: Row):
        days = row.clock.days_left if row.clock and row.open else 10**6
        return (not row.overdue, not row.open, days)

    return sorted(rows, key=order)


COLUMNS = (
    "id",
    "reference",
    "agency",
    "referral_type",
    "case_code",
    "status",
    "signed_for_on",
    "due_on",
    "days_left",
    "overdue",
    "result",
)


def _cells(row: Row) -> list:
    h, c = row.handoff, row.clock
    return [
        h.id,
        h.reference or "",
        h.agency.name,
        str(REFERRAL_TYPES.get(h.referral_type, "")) if h.referral_type else "",
        h.dispute.display_code,
        str(STATUSES.get(h.status, h.status)),
        h.signed_for_on.isoformat() if h.signed_for_on else "",
        c.due_on.isoformat() if c and c.due_on else "",
        c.days_left if c and row.open else "",
        "yes" if row.overdue else "",
        str(RESULTS.get(h.result, "")) if h.result else "",
    ]


def export_csv(rows: list[Row]) -> bytes:
    """Return the rows as CSV for Excel."""
    return exports.to_csv([COLUMNS, *(_cells(row) for row in rows)])


def export_xlsx(rows: list[Row]) -> bytes:
    """Return the rows as an Excel workbook of one sheet."""
    return exports.to_xlsx([exports.Sheet("handoffs", (_cells(r) for r in rows), COLUMNS)])
