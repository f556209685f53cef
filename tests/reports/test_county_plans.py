"""Each county's own plan targets: who edits which, and which figures they stand against."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.errors import Forbidden, NotFound
from mediation.extensions import db
from mediation.reports import operations
from mediation.reports.dashboard import build_dashboard, targets
from mediation.reports.models import IndicatorTarget
from mediation.reports.periods import Period

ZONE = "Asia/Shanghai"
GOLD = {"baseline": "3", "baseline_year": "2025", "target": "12", "target_year": "2030"}


def plan(place_id) -> dict:
    board = build_dashboard(Period(date(2026, 1, 1), date(2026, 6, 30), ZONE), place_id)
    return {row["indicator"]: row for row in board.totals.get("plan", [])}


def own_rows(county) -> int:
    query = select(func.count()).where(IndicatorTarget.organisation_id == county.id)
    return db.session.scalar(query)


def save_gold(client, data=GOLD, county_id=None):
    url = "/reports/targets" + (f"?county_id={county_id}" if county_id else "")
    return client.post(url, data={"indicator": "gold_medal_mediators", **data})


@pytest.fixture
def deployment_admin(create_user):
    return create_user(Role.ADMIN, name="省平台管理员")


@pytest.mark.parametrize(("mine", "other"), [("a", "b"), ("b", "a")])
def test_a_county_admin_sets_their_own_countys_target_only(
    client, login, two_counties, mine, other
):
    login(two_counties[mine]["admin"])
    assert save_gold(client).status_code == 302
    assert plan(two_counties[mine]["centre"].id)["gold_medal_mediators"]["target"] == 12
    assert plan(two_counties[other]["centre"].id)["gold_medal_mediators"]["target"] == 10
    # The first change copied the defaults: the seeded full-time target came along.
    assert plan(two_counties[mine]["centre"].id)["full_time_mediators"]["target"] == 100
    assert (
        own_rows(two_counties[mine]["centre"]) > 1 and own_rows(two_counties[other]["centre"]) == 0
    )


@pytest.mark.parametrize(("mine", "other"), [("a", "b"), ("b", "a")])
def test_another_countys_targets_are_not_found_and_stay_unchanged(
    client, login, two_counties, mine, other
):
    login(two_counties[mine]["admin"])
    other_id = two_counties[other]["centre"].id
    assert client.get(f"/reports/targets?county_id={other_id}").status_code == 404
    assert save_gold(client, county_id=other_id).status_code == 404
    assert (
        own_rows(two_counties[other]["centre"]) == 0 and own_rows(two_counties[mine]["centre"]) == 0
    )


def test_the_targets_page_shows_the_admins_own_countys_values(client, login, two_counties):
    a, b = two_counties["a"], two_counties["b"]
    login(a["admin"])
    save_gold(client)
    login(b["admin"])
    page = client.get("/reports/targets").get_data(as_text=True)
    assert 'value="12"' not in page and "安居区" in page
    assert f'value="{a["centre"].id}"' not in page  # no choice of another county


def test_a_deployment_admin_edits_the_defaults_which_reach_counties_without_their_own(
    client, login, two_counties, deployment_admin
):
    a, b = two_counties["a"], two_counties["b"]
    login(a["admin"])
    save_gold(client)
    login(deployment_admin)
    assert save_gold(client, {**GOLD, "target": "15"}).status_code == 302
    assert plan(b["centre"].id)["gold_medal_mediators"]["target"] == 15
    assert plan(a["centre"].id)["gold_medal_mediators"]["target"] == 12


def test_a_deployment_admin_may_pick_a_county(client, login, two_counties, deployment_admin):
    b = two_counties["b"]
    login(deployment_admin)
    page = client.get("/reports/targets").get_data(as_text=True)
    assert (
        f'value="{b["centre"].id}"' in page and f'value="{two_counties["a"]["centre"].id}"' in page
    )
    assert save_gold(client, {**GOLD, "target": "7"}, b["centre"].id).status_code == 302
    assert plan(b["centre"].id)["gold_medal_mediators"]["target"] == 7
    assert targets(None)["gold_medal_mediators"].target == 10


def test_a_county_admin_may_not_change_the_defaults(two_counties, deployment_admin):
    with pytest.raises(Forbidden):
        operations.set_indicator_target(
            "gold_medal_mediators", {}, two_counties["a"]["admin"], None
        )
    operations.set_indicator_target("gold_medal_mediators", {"target": 9}, deployment_admin, None)
    assert targets(None)["gold_medal_mediators"].target == 9


def test_the_operation_refuses_another_county(two_counties):
    with pytest.raises(NotFound):
        operations.set_indicator_target(
            "gold_medal_mediators", {}, two_counties["a"]["admin"], two_counties["b"]["centre"].id
        )


@pytest.mark.parametrize("who", ["coordinator", "station_admin"])
def test_staff_below_a_county_may_not_edit_targets(client, login, create_user, two_counties, who):
    user = (
        two_counties["a"]["coordinator"]
        if who == "coordinator"
        else create_user(Role.ADMIN, two_counties["a"]["station"])
    )
    login(user)
    assert client.get("/reports/targets").status_code == 403
    assert save_gold(client).status_code == 403
    assert own_rows(two_counties["a"]["centre"]) == 0


def test_a_city_admin_edits_the_counties_below_it(client, login, create_user, two_counties):
    a, b = two_counties["a"], two_counties["b"]
    login(create_user(Role.ADMIN, two_counties["city"]))
    assert save_gold(client, county_id=b["centre"].id).status_code == 302
    assert plan(b["centre"].id)["gold_medal_mediators"]["target"] == 12
    assert own_rows(a["centre"]) == 0


def test_the_city_shows_each_county_against_its_own_targets(client, login, two_counties):
    a, b = two_counties["a"], two_counties["b"]
    login(a["admin"])
    save_gold(client)
    board = build_dashboard(
        Period(date(2026, 1, 1), date(2026, 6, 30), ZONE), two_counties["city"].id
    )
    assert "plan" not in board.totals  # no one plan for a city
    by_county = {p["county_id"]: {r["indicator"]: r for r in p["rows"]} for p in board.county_plans}
    assert by_county[a["centre"].id]["gold_medal_mediators"]["target"] == 12
    assert by_county[b["centre"].id]["gold_medal_mediators"]["target"] == 10
    assert by_county[a["centre"].id]["organisations"]["actual"] == 3  # centre, station, village

    city_admin_page = client.get(f"/reports?station_id={two_counties['city'].id}")
    assert city_admin_page.status_code == 404  # a county's admin sees no city above them


def test_the_city_dashboard_and_export_carry_each_countys_plan(
    client, login, create_user, two_counties
):
    login(two_counties["a"]["admin"])
    save_gold(client)
    login(create_user(Role.ADMIN, two_counties["city"]))
    page = client.get("/reports").get_data(as_text=True)
    assert 'id="plan-by-county"' in page
    assert f'data-county="{two_counties["a"]["centre"].id}"' in page
    workbook = load_workbook(io.BytesIO(client.get("/reports/export.xlsx").data))
    sheet = workbook.worksheets[-1]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    gold = {r[0]: r[3] for r in rows if r[1] in ("Gold-medal mediators", "金牌调解员")}
    assert gold == {"乐至县": 12, "安居区": 10}
