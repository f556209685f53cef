"""The dashboard as CSV and as an Excel workbook."""

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from mediation.reports.dashboard import DIMENSION_LABELS, Dashboard


def summary_rows(board: Dashboard) -> list[tuple[str, object]]:
    t = board.totals
    return [
        (_("Period"), f"{board.period.start.isoformat()} – {board.period.end.isoformat()}"),
        (_("Disputes filed"), t["filed"]),
        (_("Cases accepted"), t["accepted"]),
        (_("Cases settled"), t["settled"]),
        (_("of which partly settled"), t["partly"]),
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


def to_csv(board: Dashboard, yearly: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([[label, value] for label, value in summary_rows(board)])
    for dimension, rows in board.breakdowns.items():
        writer.writerow([])
        writer.writerow([str(DIMENSION_LABELS[dimension])])
        writer.writerow(breakdown_header())
        writer.writerows(breakdown_row(r) for r in rows)
    writer.writerow([])
    writer.writerow(yearly_header())
    writer.writerows(yearly_row(r) for r in yearly)
    # A byte-order mark so spreadsheet programs open the Chinese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def to_xlsx(board: Dashboard, yearly: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    for row in summary_rows(board):
        sheet.append(list(row))
    for dimension, rows in board.breakdowns.items():
        sheet = book.create_sheet(str(DIMENSION_LABELS[dimension])[:31])
        sheet.append(breakdown_header())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(breakdown_row(row))
    sheet = book.create_sheet(_("Yearly table")[:31])
    sheet.append(yearly_header())
    for row in yearly:
        sheet.append(yearly_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
