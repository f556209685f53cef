"""The statistics report as an Excel workbook and as a PDF."""

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

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
    data = [[pdf.paragraph(_cell(v), styles["small"]) for v in table.header]]
    data += [[pdf.paragraph(_cell(v), styles["small"]) for v in row] for row in table.rows]
    flowable = Table(data, repeatRows=1, hAlign="LEFT")
    flowable.setStyle(
        pdf.table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return flowable


def to_pdf(report: StatisticsReport, place: str) -> bytes:
    """The report on A4, in the document font and margins of mediation.outcomes.pdf."""
    styles = pdf.styles()
    buffer = io.BytesIO()
    heading = title(report, place)
    doc = pdf.new_document(buffer, heading)
    story = [
        pdf.paragraph(heading, styles["heading"]),
        pdf.paragraph(period_line(report), styles["body"]),
        Spacer(1, 3 * mm),
    ]
    for table in tables(report):
        story += [
            pdf.paragraph(table.title, styles["body"]),
            _pdf_table(table, styles),
            Spacer(1, 4 * mm),
        ]
    pdf.build(doc, story, lambda canvas, doc: pdf.draw_footer(canvas, f"{heading} · {doc.page}"))
    return buffer.getvalue()
