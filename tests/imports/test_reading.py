"""Reading files: .xlsx by content, CSV in UTF-8 with or without BOM, and GB18030."""

import pytest

from mediation.imports.reading import FileProblem, Formula, read_table
from tests.imports.conftest import xlsx

ROWS = "原编号,乡镇（街道）\n2020-1,天池镇\n\n2020-2,童家镇\n"


@pytest.mark.parametrize(
    "content",
    [ROWS.encode("utf-8"), b"\xef\xbb\xbf" + ROWS.encode("utf-8"), ROWS.encode("gb18030")],
)
def test_csv_is_read_in_utf8_with_or_without_bom_and_in_gb18030(content):
    table = read_table("cases.csv", content, 100)
    assert table.header == ["原编号", "乡镇（街道）"]
    assert table.rows == [(2, ["2020-1", "天池镇"]), (4, ["2020-2", "童家镇"])]


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused():
    with pytest.raises(FileProblem) as problem:
        read_table("cases.xlsx", b"name,mobile\n", 100)
    assert problem.value.code == "not_xlsx"
    with pytest.raises(FileProblem) as problem:
        read_table("cases.xlsx", b"PK\x03\x04 broken zip", 100)
    assert problem.value.code == "not_xlsx"


def test_a_formula_cell_comes_back_as_a_formula_never_evaluated():
    table = read_table("x.xlsx", xlsx([["=1+1", "天池镇"]], header=["a", "b"]), 100)
    assert table.rows == [(2, [Formula("=1+1"), "天池镇"])]


def test_more_rows_than_the_limit_are_refused():
    with pytest.raises(FileProblem) as problem:
        read_table("x.csv", ROWS.encode(), 1)
    assert problem.value.code == "too_many_rows" and problem.value.params == {"limit": 1}
