"""The pure row checks: each bad cell names its row, its column and what to do."""

from datetime import date

import pytest

from mediation.imports.columns import Kind
from mediation.imports.labels import PROBLEMS, problem_text
from mediation.imports.reading import Formula, Table
from mediation.imports.validation import Context, Place, validate
from tests.imports.conftest import case_row, headers

TODAY = date(2026, 12, 2)
TIANCHI = Place(id=2, in_scope=True, county_id=1)
ELSEWHERE = Place(id=20, in_scope=False, county_id=10)


def context(**kwargs) -> Context:
    return Context(
        today=TODAY,
        townships={"天池镇": [TIANCHI], "2": [TIANCHI], "外县镇": [ELSEWHERE]},
        villages={(2, "红光村"): [Place(5, True, 1, 2)]},
        mediators={"13800000001": (7, True), "13800000009": (8, False)},
        **kwargs,
    )


def check(*rows, header=None, ctx=None):
    table = Table(header=header or headers(Kind.CASES), rows=list(enumerate(rows, start=2)))
    return validate(Kind.CASES, table, ctx or context())


def problems(result):
    return [(p.row, p.column, p.code) for p in result.problems]


def test_a_good_row_is_ready_to_write_with_its_places_resolved():
    result = check(case_row(mediator_mobile="13800000001"))
    assert result.ok
    (row,) = result.rows
    assert row["township_id"] == 2 and row["village_id"] == 5 and row["mediator_id"] == 7
    assert row["category"] == "neighbour" and row["outcome"] == "settled"
    assert row["agreement"] == "written" and row["amount"] == "3000.00"
    assert row["filed_on"] == "2020-03-02" and row["key"] == "2020-0001"


def test_a_missing_column_is_named_on_the_header_row():
    header = [h for h in headers(Kind.CASES) if h != "受理日期"]
    result = check(case_row()[:7] + case_row()[8:], header=header)
    assert problems(result) == [(1, "受理日期", "missing_column")]
    assert result.rows == []


@pytest.mark.parametrize(
    ("overrides", "column", "code"),
    [
        ({"filed_on": "2020-02-30"}, "受理日期", "no_such_day"),
        ({"filed_on": "March 2nd"}, "受理日期", "bad_date"),
        ({"closed_on": "2020-02-01"}, "结案日期", "closed_before_filed"),
        ({"closed_on": "2027-01-05"}, "结案日期", "date_out_of_range"),
        ({"township": "不存在镇"}, "乡镇（街道）", "unknown_place"),
        ({"township": "外县镇"}, "乡镇（街道）", "out_of_scope"),
        ({"village": "无名村"}, "村（社区）", "unknown_village"),
        ({"amount": "三千"}, "涉及金额（元）", "bad_amount"),
        ({"amount": -5}, "涉及金额（元）", "bad_amount"),
        ({"category": "吵架"}, "纠纷类型", "bad_choice"),
        ({"applicant_mobile": "1234"}, "申请人手机号", "bad_mobile"),
        ({"mediator_mobile": "13800000009"}, "调解员手机号", "unknown_mediator"),
        ({"description": ""}, "纠纷简要情况", "required"),
        ({"agreement": "无"}, "协议形式", "settled_needs_agreement"),
        ({"outcome": "调解不成功"}, "协议形式", "agreement_needs_settlement"),
        ({"applicant_name": '=HYPERLINK("http://x")'}, "申请人姓名", "formula"),
        ({"applicant_name": Formula("=1+1")}, "申请人姓名", "formula"),
        ({"description": "@SUM(A1)"}, "纠纷简要情况", "formula"),
    ],
)
def test_a_bad_cell_names_its_row_column_and_problem(overrides, column, code):
    result = check(case_row(), case_row(source_ref="2020-0002", **overrides))
    assert problems(result) == [(3, column, code)]
    assert result.rows == [], "one bad row refuses the whole file"


def test_a_source_reference_twice_in_one_file_is_refused_on_the_second_row():
    result = check(case_row(), case_row(), case_row(source_ref="2020-0003"))
    assert problems(result) == [(3, "原编号", "duplicate")]
    assert result.problems[0].params == {"value": "2020-0001", "first": 2}


def test_rows_already_imported_are_counted_not_refused():
    result = check(case_row(), ctx=context(imported={(1, "2020-0001")}))
    assert result.ok and result.already == 1


def test_every_problem_is_worded_in_chinese_and_in_english(app):
    from flask_babel import force_locale

    params = {"value": "x", "first": 2, "limit": 3, "choices": "a", "township": "t"}
    params |= {"closed": "2020-01-01", "filed": "2020-02-01"}
    with app.test_request_context():
        for code in PROBLEMS:
            with force_locale("en"):
                english = problem_text(code, params)
            assert "%(" not in english and english
        with force_locale("zh_CN"):
            assert "%(" not in problem_text("closed_before_filed", params)


def test_screenings_take_a_month_and_whole_numbers():
    table = Table(
        header=headers(Kind.SCREENINGS),
        rows=[
            (2, ["天池镇", "", "2020-03", 16, 5, 3]),
            (3, ["天池镇", "", "2020-04", "1.5", 0, 0]),
        ],
    )
    result = validate(Kind.SCREENINGS, table, context())
    assert problems(result) == [(3, "排查次数", "bad_count")]
    table.rows.pop()
    result = validate(Kind.SCREENINGS, table, context())
    assert result.rows[0]["held_on"] == "2020-03-01" and result.rows[0]["runs"] == 16


def test_a_mediator_mobile_of_another_kind_of_account_is_refused():
    table = Table(
        header=headers(Kind.MEDIATORS),
        rows=[(2, ["王英", "13900000001", "天池镇", "专职", "是", "邻里、婚姻家庭", "普通话", 8])],
    )
    ctx = context(organisations={"天池镇": [TIANCHI]}, users={"13900000001": "party"})
    assert problems(validate(Kind.MEDIATORS, table, ctx)) == [(2, "手机号", "mobile_taken")]
    ok = validate(Kind.MEDIATORS, table, context(organisations={"天池镇": [TIANCHI]}))
    assert ok.rows[0]["specialties"] == ["marriage_family", "neighbour"]
    assert ok.rows[0]["full_time"] and ok.rows[0]["gold_medal"] and ok.rows[0]["capacity"] == 8
