"""The statistics report as an Excel workbook and as a PDF."""

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from mediation.core import exports
from mediation.outcomes import pdf
from mediation.reports.report_tables import Table as ReportTable
from mediation.reports.report_tables import period_line, tables, title
from mediation.reports.statistics import StatisticsReport


def to_xlsx(report: StatisticsReport, place: str) -> bytes:
    """One sheet: the title, the period, then each table with its heading and header row."""
    rows: list[list] = [[title(report, place)], [period_line(report)]]
    for table in tables(report):
        rows += [[], [table.title], table.header, *table.rows]
    return exports.to_xlsx([exports.Sheet("人民调解统计报表", rows)])


def _cell(value) -> str:
    return "—" if value is None else str(value)


def _pdf_table(table: ReportTable, styles) -> Table:
    data = [[Paragraph(_cell(v), styles["small"]) for v in table.header]]
    data += [[Paragraph(_cell(v), styles["small"]) for v in row] for row in table.rows]
    flowable = Table(data, repeatRows=1, hAlign="LEFT")
    flowable.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return flowable


def to_pdf(report: StatisticsReport, place: str) -> bytes:
    """The report on landscape A4, in the document font of mediation.outcomes.pdf."""
    styles = pdf._styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=title(report, place),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story = [
        Paragraph(title(report, place), styles["heading"]),
        Paragraph(period_line(report), styles["body"]),
        Spacer(1, 3 * mm),
    ]
    for table in tables(report):
        story += [
            Paragraph(table.title, styles["body"]),
            _pdf_table(table, styles),
            Spacer(1, 4 * mm),
        ]
    doc.build(story)
    return buffer.getvalue()
