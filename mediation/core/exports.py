"""Spreadsheet downloads: CSV that Excel opens as UTF-8, and .xlsx workbooks.

Every cell goes through `safe_cell`: text typed by people (a name, a court's reference) that
starts like a formula is kept as text, so opening an export never runs it.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font

# What a spreadsheet program reads as the start of a formula (or, tab and CR, of a cell
# that pastes into the next one and then starts with one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Excel refuses these in sheet names, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Cells = Sequence[object]


def safe_cell(value: object) -> object:
    """Return a cell's value for a spreadsheet: numbers and dates as they are, text defused."""
    if value is None or isinstance(value, int | float | Decimal | date | datetime):
        return value
    text = str(value)  # lazy translations and labels become their text
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(rows: Iterable[Cells]) -> bytes:
    """Return rows as CSV with a byte-order mark, so Excel reads the Chinese text as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode()


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name, an optional header row shown in bold, and its rows."""

    name: str
    rows: Iterable[Cells]
    header: Cells | None = None


def sheet_name(name: object) -> str:
    """Return a name Excel accepts for a worksheet."""
    return SHEET_NAME_FORBIDDEN.sub("_", str(name))[:31] or "Sheet"


def to_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """Return an Excel workbook with the given worksheets, in order."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        page = book.create_sheet(sheet_name(sheet.name))
        if sheet.header is not None:
            page.append([safe_cell(v) for v in sheet.header])
            for cell in page[1]:
                cell.font = Font(bold=True)
        for row in sheet.rows:
            page.append([safe_cell(v) for v in row])
    if not book.worksheets:
        book.create_sheet("Sheet")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str, kind: str) -> Response:
    """Return an export as a file download of the given kind (csv or xlsx)."""
    response = Response(content, mimetype=MIMETYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response
