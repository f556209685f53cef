"""The liaison's dashboard: hand-offs with their clocks, overdue first, and its exports."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from mediation.accounts.models import User
from mediation.core import exports
from mediation.core.holidays import load_calendar
from mediation.extensions import db
from mediation.handoffs.access import visible_handoffs
from mediation.handoffs.clock import Status
from mediation.handoffs.labels import DIRECTIONS, OPEN_STATUSES, REFERRAL_TYPES, RESULTS, STATUSES
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


# The export's columns: those of the dashboard's cards, headed and filled in the reader's
# language (Chinese by default), so the sheet reads as the page does.
COLUMNS = (
    _l("Reference"),
    _l("Direction"),
    _l("Agency"),
    _l("Type of referral"),
    _l("Case code"),
    _l("Status"),
    _l("Result"),
    _l("Signed for on"),
    _l("Due on"),
    _l("Days left"),
    _l("Overdue?"),
)


def header() -> list[str]:
    return [str(name) for name in COLUMNS]


def _cells(row: Row) -> list:
    h, c = row.handoff, row.clock
    return [
        h.reference or f"#{h.id}",
        str(DIRECTIONS.get(h.direction, h.direction)),
        h.agency.name,
        str(REFERRAL_TYPES.get(h.referral_type, "")) if h.referral_type else "",
        h.dispute.display_code,
        str(STATUSES.get(h.status, h.status)),
        str(RESULTS.get(h.result, "")) if h.result else "",
        h.signed_for_on.isoformat() if h.signed_for_on else "",
        c.due_on.isoformat() if c and c.due_on else "",
        c.days_left if c and row.open else "",
        pgettext("yes or no", "Yes") if row.overdue else pgettext("yes or no", "No"),
    ]


def export_csv(rows: list[Row]) -> bytes:
    """Return the rows as CSV for Excel."""
    return exports.to_csv([header(), *(_cells(row) for row in rows)])


def export_xlsx(rows: list[Row]) -> bytes:
    """Return the rows as an Excel workbook of one sheet."""
    return exports.to_xlsx([exports.Sheet(_("Hand-offs"), (_cells(r) for r in rows), header())])
