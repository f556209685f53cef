"""Case subsidies (以奖代补): the county's rates, audited, and the monthly list per mediator."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.outcomes import operations as outcome_ops
from mediation.reports import subsidies
from mediation.reports.periods import Period

INSTANT = "2026-04-10T02:00:00Z"
MARCH = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


@pytest.fixture
def admin(create_user):
    return create_user(Role.ADMIN, name="管理员")


@pytest.fixture
def march_cases(create_dispute, coordinator, admin):
    """Three cases decided in March (two settled, one not), one decided in April."""
    for category, result in (
        ("neighbour", "settled"),
        ("traffic", "settled"),
        ("neighbour", "not_settled"),
    ):
        subsidies.set_subsidy_rate(
            {
                "category": category,
                "result": result,
                "amount": Decimal("100") if result == "settled" else Decimal("30"),
            },
            admin,
            None,
        )
    cases = []
    with time_machine.travel(MARCH, tick=False):
        for category, result in (
            ("neighbour", "settled"),
            ("traffic", "settled"),
            ("neighbour", "not_settled"),
            ("labour", "settled"),
        ):
            dispute = create_dispute("in_mediation", category=category)
            data = {"result": result, "terms": "赔偿", "reason": "分歧"}
            outcome_ops.record_outcome(dispute, data, {Actor.STAFF}, coordinator)
            cases.append(dispute)
    with time_machine.travel("2026-04-02T02:00:00Z", tick=False):
        later = create_dispute("in_mediation")
        data = {"result": "settled", "terms": "赔偿"}
        outcome_ops.record_outcome(later, data, {Actor.STAFF}, coordinator)
    return cases


def march(station_id=None):
    return subsidies.monthly_list(Period(date(2026, 3, 1), date(2026, 3, 31)), station_id)


def test_each_case_earns_the_rate_of_its_category_and_outcome(march_cases):
    entries = {e.dispute_code: e.amount for m in march() for e in m.entries}
    codes = [d.code for d in march_cases]
    assert entries == {codes[0]: 100, codes[1]: 100, codes[2]: 30, codes[3]: 0}


def test_the_list_totals_each_mediator_and_the_month(march_cases):
    lists = march()
    assert len(lists) == 4  # each case was assigned its own mediator
    assert subsidies.grand_total(lists) == Decimal("230")
    assert sorted(m.total for m in lists) == [0, 30, 100, 100]


def test_a_rate_change_is_audited_with_the_amount_before(admin):
    data = {"category": "neighbour", "result": "settled", "amount": Decimal("80")}
    subsidies.set_subsidy_rate(data, admin, None)
    subsidies.set_subsidy_rate({**data, "amount": Decimal("120")}, admin, None)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "subsidy.rate_set")
    ).all()
    assert len(events) == 2 and '"before": "80.00"' in events[1].payload
    assert subsidies.rates(None)[("neighbour", "settled")] == Decimal("120")


def test_an_admin_sets_a_rate_on_the_page(client, login, admin):
    login(admin)
    form = {"category": "medical", "result": "settled", "amount": "300"}
    response = client.post("/reports/subsidies/rates", data=form)
    assert response.status_code == 302
    assert subsidies.rates(None)[("medical", "settled")] == Decimal("300")


def test_a_bad_rate_comes_back_on_the_form(client, login, admin):
    login(admin)
    form = {"category": "medical", "result": "settled", "amount": "-5"}
    response = client.post("/reports/subsidies/rates", data=form)
    assert response.status_code == 422
    assert subsidies.rates(None) == {}


def test_a_coordinator_may_not_set_rates(client, login, coordinator):
    login(coordinator)
    form = {"category": "medical", "result": "settled", "amount": "300"}
    assert client.post("/reports/subsidies/rates", data=form).status_code == 403


@time_machine.travel(INSTANT, tick=False)
def test_each_entry_on_the_page_links_its_case(client, login, coordinator, march_cases):
    login(coordinator)
    page = client.get("/reports/subsidies", query_string={"month": "2026-03"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for dispute in march_cases:
        assert f'href="/disputes/{dispute.code}"' in text
    assert "230.00" in text


@time_machine.travel(INSTANT, tick=False)
def test_the_export_lists_every_case_with_its_code_and_the_totals(
    client, login, coordinator, march_cases
):
    login(coordinator)
    response = client.get("/reports/subsidies/export.xlsx", query_string={"month": "2026-03"})
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert {row[1] for row in cells} >= {d.code for d in march_cases}
    assert cells[-1][5] == 230
    csv = client.get("/reports/subsidies/export.csv", query_string={"month": "2026-03"})
    assert march_cases[0].code in csv.get_data(as_text=True)


@time_machine.travel(INSTANT, tick=False)
def test_another_stations_list_is_not_found(client, login, create_user, county):
    login(create_user(Role.COORDINATOR, county["stations"][1]))
    query = {"month": "2026-03", "station_id": county["stations"][0].id}
    assert client.get("/reports/subsidies", query_string=query).status_code == 404


@time_machine.travel(INSTANT, tick=False)
def test_a_bad_month_comes_back_with_422(client, login, coordinator):
    login(coordinator)
    assert client.get("/reports/subsidies", query_string={"month": "2026-3"}).status_code == 422
    response = client.get("/reports/subsidies/export.csv", query_string={"month": "x"})
    assert response.status_code == 422
