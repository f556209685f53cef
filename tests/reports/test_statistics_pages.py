"""The statistics report's page and downloads: scope by user, bad periods, Excel and PDF."""

import io

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from mediation.accounts.models import Role
from tests.reports import statistics_records

INSTANT = "2026-04-10T02:00:00Z"
MARCH = {"kind": "month", "period": "2026-03"}


@pytest.fixture
def records(create_dispute, coordinator, county):
    return statistics_records.build(create_dispute, coordinator, county)


@pytest.fixture
def station_staff(create_user, county):
    return create_user(Role.COORDINATOR, county["stations"][1], name="童家镇协调员")


@time_machine.travel(INSTANT, tick=False)
def test_the_county_sees_the_county_and_each_station(client, login, coordinator, county, records):
    login(coordinator)
    page = client.get("/reports/statistics", query_string=MARCH)
    assert page.status_code == 200
    assert "全县人民调解统计报表（月报）2026-03" in page.get_data(as_text=True)
    station = county["stations"][0].id
    page = client.get("/reports/statistics", query_string={**MARCH, "station_id": station})
    assert "天池镇人民调解统计报表" in page.get_data(as_text=True)


@time_machine.travel(INSTANT, tick=False)
def test_a_station_sees_its_own_report_by_default(client, login, station_staff, records):
    login(station_staff)
    page = client.get("/reports/statistics", query_string=MARCH)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "童家镇人民调解统计报表（月报）2026-03" in text and "全县" not in text


@time_machine.travel(INSTANT, tick=False)
def test_another_stations_report_is_not_found(client, login, station_staff, county):
    login(station_staff)
    other = county["stations"][0].id
    for path in ("", "/report.xlsx", "/report.pdf"):
        response = client.get(f"/reports/statistics{path}", query_string={"station_id": other})
        assert response.status_code == 404


@time_machine.travel(INSTANT, tick=False)
@pytest.mark.parametrize(
    "args",
    [{"kind": "month", "period": "2026-13"}, {"kind": "week"}, {"kind": "quarter", "period": "Q1"}],
)
def test_a_bad_period_comes_back_with_422(client, login, coordinator, args):
    login(coordinator)
    assert client.get("/reports/statistics", query_string=args).status_code == 422
    assert client.get("/reports/statistics/report.xlsx", query_string=args).status_code == 422


@time_machine.travel(INSTANT, tick=False)
def test_the_excel_file_carries_the_case_table(client, login, coordinator, records):
    login(coordinator)
    response = client.get("/reports/statistics/report.xlsx", query_string=MARCH)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    by_label = {row[0]: row for row in cells if row and row[0]}
    assert by_label["邻里纠纷"][1:4] == [3, 1, 2]
    assert by_label["合计"][1:8] == [8, 5, 3, 62.5, 4, 1, 2.5]
    assert by_label["排查次数（次）"][1] == 2
    assert by_label["申请司法确认"][1] == 1
    assert by_label["当事人不同意调解"][1] == 1


@time_machine.travel(INSTANT, tick=False)
def test_the_pdf_carries_the_title_and_the_figures(client, login, coordinator, records):
    login(coordinator)
    response = client.get("/reports/statistics/report.pdf", query_string=MARCH)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "人民调解统计报表" in text and "2026-03-01" in text
    assert "婚姻家庭纠纷" in text and "其它纠纷" in text and "62.5" in text


@time_machine.travel(INSTANT, tick=False)
def test_a_party_cannot_see_the_report(client, login, create_user):
    login(create_user(Role.PARTY))
    assert client.get("/reports/statistics").status_code in (403, 404)


@time_machine.travel(INSTANT, tick=False)
def test_a_year_ending_in_november_is_a_setting(app, client, login, coordinator, monkeypatch):
    monkeypatch.setitem(app.config, "STATISTICS_YEAR_END_MONTH", 11)
    login(coordinator)
    page = client.get("/reports/statistics", query_string={"kind": "year", "period": "2026"})
    assert "统计期间：2025-12-01 至 2026-11-30" in page.get_data(as_text=True)
