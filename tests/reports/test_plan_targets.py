"""The five-year plan's targets: baseline, target and live actual on the dashboard and export."""

import io
from datetime import UTC, date, datetime

import time_machine
from openpyxl import load_workbook

from mediation.accounts.models import Role
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind
from mediation.reports.dashboard import build_dashboard, yearly_table
from mediation.reports.periods import Period

INSTANT = datetime(2026, 6, 16, 2, 0, tzinfo=UTC)
ZONE = "Asia/Shanghai"


def plan_rows(station_id=None) -> dict:
    board = build_dashboard(Period(date(2026, 1, 1), date(2026, 6, 30), ZONE), station_id)
    return {row["indicator"]: row for row in board.totals.get("plan", [])}


def test_the_plan_shows_the_programmes_targets_where_the_county_set_none(county):
    rows = plan_rows()
    assert rows["full_time_mediators"]["baseline"] == 50
    assert rows["full_time_mediators"]["target"] == 100
    assert rows["gold_medal_mediators"]["target"] == 10
    assert rows["gold_medal_mediators"]["target_year"] == 2025
    assert rows["county_associations"]["target"] == 1
    assert rows["organisations"]["baseline"] == 341 and rows["mediators"]["baseline"] == 2433


def test_the_actual_figures_are_live(county, create_mediator, create_studio):
    create_mediator(full_time=True)
    create_studio()  # its lead is a gold-medal mediator
    db.session.add(
        Organisation(name="乐至县人民调解协会", kind=OrgKind.ASSOCIATION, parent=county["centre"])
    )
    db.session.flush()
    rows = plan_rows()
    assert rows["full_time_mediators"]["actual"] == 1
    assert rows["gold_medal_mediators"]["actual"] == 1
    assert rows["brand_studios"]["actual"] == 1
    assert rows["county_associations"]["actual"] == 1
    assert rows["mediators"]["actual"] == 2
    assert rows["organisations"]["actual"] == 8  # the association is not one of them


def test_a_station_has_no_plan_of_its_own(county):
    assert plan_rows(county["stations"][0].id) == {}


def test_a_county_sets_its_next_plans_target(client, login, create_user, county):
    login(create_user(Role.ADMIN))
    form = {
        "indicator": "gold_medal_mediators",
        "baseline": "10",
        "baseline_year": "2025",
        "target": "20",
        "target_year": "2030",
    }
    assert client.post("/reports/targets", data=form).status_code == 302
    row = plan_rows()["gold_medal_mediators"]
    assert (row["baseline"], row["target"], row["target_year"]) == (10, 20, 2030)


def test_the_targets_page_offers_every_plan_indicator(client, login, create_user):
    login(create_user(Role.ADMIN))
    text = client.get("/reports/targets").get_data(as_text=True)
    for key in ("gold_medal_mediators", "brand_studios", "county_associations"):
        assert f'value="{key}"' in text


@time_machine.travel(INSTANT, tick=False)
def test_the_dashboard_and_its_export_carry_the_plan(client, login, coordinator, county):
    login(coordinator)
    page = client.get("/reports").get_data(as_text=True)
    assert 'id="plan-targets"' in page and 'data-indicator="county_associations"' in page
    response = client.get("/reports/export.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[-1]
    cells = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    assert cells["金牌调解员"][2] == 10


def test_the_yearly_table_lists_the_new_indicators(county):
    keys = [row["indicator"] for row in yearly_table(2026, ZONE)]
    assert keys[:6] == [
        "organisations",
        "mediators",
        "full_time_mediators",
        "gold_medal_mediators",
        "brand_studios",
        "county_associations",
    ]
