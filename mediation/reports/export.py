"""The dashboard as CSV and as an Excel workbook."""

from flask_babel import gettext as _

from mediation.core import exports
from mediation.reports.dashboard import DIMENSION_LABELS, Dashboard


def summary_rows(board: Dashboard) -> list[tuple[str, object]]:
    t = board.totals
    return [
        (_("Period"), f"{board.period.start.isoformat()} – {board.period.end.isoformat()}"),
        (_("Disputes filed"), t["filed"]),
        (_("Cases accepted"), t["accepted"]),
        (_("Cases settled"), t["settled"]),
        (_("of which partly settled"), t["partly"]),
        (_("of which by written agreement"), t["agreements"]["written"]),
        (_("of which by oral agreement"), t["agreements"]["oral"]),
        (_("Not settled"), t["not_settled"]),
        (_("Settlement rate (%)"), t["settlement_rate"]),
        (_("Average days to close"), round(t["avg_days"], 1) if t["avg_days"] else None),
        (_("Screening runs"), t["screening"]["runs"]),
        (_("Disputes found by screening"), t["screening"]["found"]),
        (_("Disputes prevented"), t["screening"]["prevented"]),
        (_("Full-time mediators"), t["full_time_mediators"]),
        (_("Target of full-time mediators"), t["full_time_target"]),
        (_("Hotline calls received"), t["hotline"]["received"]),
        (_("Hotline calls answered"), t["hotline"]["answered"]),
        (_("Hotline calls answered (%)"), t["hotline"]["rate"]),
        (_("Survey answers"), t["satisfaction"]["answers"]),
        (_("Satisfaction (1-5)"), t["satisfaction"]["average"]),
        (_("Overdue hand-offs"), t["overdue_handoffs"]),
    ]


def breakdown_header() -> list[str]:
    return [
        _("Name"),
        _("Disputes filed"),
        _("Cases accepted"),
        _("Cases settled"),
        _("Not settled"),
        _("Settlement rate (%)"),
        _("Average days to close"),
    ]


def breakdown_row(row: dict) -> list:
    days = round(row["avg_days"], 1) if row["avg_days"] is not None else None
    values = [row["filed"], row["accepted"], row["settled"], row["not_settled"], row["rate"]]
    return [row["label"], *values, days]


def yearly_header() -> list[str]:
    return [_("Indicator"), _("Baseline"), _("Target"), _("Actual")]


def yearly_row(row: dict) -> list:
    return [row["label"], row["baseline"], row["target"], row["actual"]]


def county_plan_header() -> list[str]:
    return [_("County"), *yearly_header()]


def county_plan_rows(board: Dashboard) -> list[list]:
    """Each county's plan against its own figures, for a report above the counties."""
    return [[plan["name"], *yearly_row(r)] for plan in board.county_plans for r in plan["rows"]]


def to_csv(board: Dashboard, yearly: list[dict]) -> bytes:
    """Return the summary, each breakdown and the yearly table as one CSV for Excel."""
    rows: list[list] = [[label, value] for label, value in summary_rows(board)]
    for dimension, breakdown in board.breakdowns.items():
        rows += [[], [DIMENSION_LABELS[dimension]], breakdown_header()]
        rows += [breakdown_row(r) for r in breakdown]
    rows += [[], yearly_header(), *(yearly_row(r) for r in yearly)]
    if board.county_plans:
        rows += [[], [_("Five-year plan by county")], county_plan_header()]
        rows += county_plan_rows(board)
    return exports.to_csv(rows)


def to_xlsx(board: Dashboard, yearly: list[dict]) -> bytes:
    """Return a workbook: the summary, a sheet per breakdown, the yearly table."""
    sheets = [exports.Sheet(_("Summary"), [list(row) for row in summary_rows(board)])]
    sheets += [
        exports.Sheet(
            DIMENSION_LABELS[dimension], [breakdown_row(r) for r in rows], breakdown_header()
        )
        for dimension, rows in board.breakdowns.items()
    ]
    sheets.append(
        exports.Sheet(_("Yearly table"), [yearly_row(r) for r in yearly], yearly_header())
    )
    if board.county_plans:
        sheets.append(
            exports.Sheet(_("Plan by county"), county_plan_rows(board), county_plan_header())
        )
    return exports.to_xlsx(sheets)
