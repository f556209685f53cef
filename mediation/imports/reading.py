"""Reading an uploaded file into a header and rows: .xlsx, or CSV in UTF-8 or GB18030.

No Flask, no database. Cells keep their types (numbers, dates, text); a formula is never
evaluated or kept as one: it comes back as a `Formula` so validation can refuse the cell.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

ZIP_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula (or text a spreadsheet would run as one)."""

    text: str


@dataclass
class Table:
    header: list[str]
    # (row number as the spreadsheet shows it, cells), blank rows left out.
    rows: list[tuple[int, list]] = field(default_factory=list)


class FileProblem(Exception):
    """The file as a whole cannot be read; `code` names why (see labels.FILE_PROBLEMS)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _collect(lines, max_rows: int) -> Table:
    """Turn rows of cells (header first) into a Table, refusing more than `max_rows` rows."""
    header: list[str] | None = None
    table = Table(header=[])
    for number, cells in enumerate(lines, start=1):
        cells = list(cells)
        if header is None:
            if all(_blank(c) for c in cells):
                continue
            header = ["" if _blank(c) else str(c).strip() for c in cells]
            table.header = header
            continue
        if all(_blank(c) for c in cells):
            continue
        if len(table.rows) >= max_rows:
            raise FileProblem("too_many_rows", limit=max_rows)
        table.rows.append((number, cells))
    if header is None:
        raise FileProblem("empty")
    return table


def _xlsx_lines(content: bytes):
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileProblem("not_xlsx") from error
    sheet = book.worksheets[0]
    for row in sheet.iter_rows():
        yield [
            Formula(str(cell.value)) if getattr(cell, "data_type", None) == "f" else cell.value
            for cell in row
        ]


def _decode(content: bytes) -> str:
    if content.startswith(UTF8_BOM):
        return content[len(UTF8_BOM) :].decode("utf-8", errors="strict")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError as error:
        raise FileProblem("encoding") from error


def read_table(filename: str, content: bytes, max_rows: int) -> Table:
    """Read an uploaded file by what it holds, not by its name alone."""
    name = filename.lower()
    if content.startswith(ZIP_MAGIC):
        if name.endswith(".csv"):
            raise FileProblem("not_csv")
        try:
            return _collect(_xlsx_lines(content), max_rows)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
            raise FileProblem("not_xlsx") from error
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise FileProblem("not_xlsx")
    if b"\x00" in content[:4096]:
        raise FileProblem("not_csv")
    text = _decode(content)
    try:
        return _collect(csv.reader(io.StringIO(text, newline="")), max_rows)
    except csv.Error as error:
        raise FileProblem("not_csv") from error
