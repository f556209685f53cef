"""Each county's own subsidy rates: who sets which, and which rates a month's cases earn."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.errors import Forbidden
from mediation.disputes.lifecycle import Actor
from mediation.disputes.operations import transition_dispute
from mediation.extensions import db
from mediation.mediators import assignment
from mediation.outcomes import operations as outcome_ops
from mediation.reports import subsidies
from mediation.reports.models import SubsidyRate
from mediation.reports.periods import Period

MARCH = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
RATE = {"category": "neighbour", "result": "settled", "amount": "200"}


def march(place_id) -> dict:
    lists = subsidies.monthly_list(Period(date(2026, 3, 1), date(2026, 3, 31)), place_id)
    return {e.dispute_code: e.amount for m in lists for e in m.entries}


def own_rates(county) -> int:
    query = select(func.count()).where(SubsidyRate.organisation_id == county.id)
    return db.session.scalar(query)


@pytest.fixture
def deployment_admin(create_user):
    return create_user(Role.ADMIN, name="省平台管理员")


@pytest.fixture
def settled_in_each(two_counties, create_dispute, create_mediator, coordinator, deployment_admin):
    """A neighbour case settled in March in each county; the default rate is 100."""
    subsidies.set_subsidy_rate({**RATE, "amount": Decimal("100")}, deployment_admin, None)
    coordinator.organisation = None  # files and settles in both counties
    db.session.flush()
    codes = {}
    with time_machine.travel(MARCH, tick=False):
        for key in ("a", "b"):
            side = two_counties[key]
            dispute = create_dispute(
                "consented", township_id=side["station"].id, village_id=side["village"].id
            )
            mediator = create_mediator(organisation=side["station"])
            assignment.assign_mediator(dispute, mediator.id, coordinator)
            for action in ("schedule", "start"):
                transition_dispute(dispute, action, {Actor.STAFF}, coordinator, None)
            data = {"result": "settled", "terms": "赔偿"}
            outcome_ops.record_outcome(dispute, data, {Actor.STAFF}, coordinator)
            codes[key] = dispute.code
    return codes


@pytest.mark.parametrize(("mine", "other"), [("a", "b"), ("b", "a")])
def test_a_county_admin_sets_their_own_countys_rate_and_its_cases_earn_it(
    client, login, two_counties, settled_in_each, mine, other
):
    login(two_counties[mine]["admin"])
    assert client.post("/reports/subsidies/rates", data=RATE).status_code == 302
    mine_id, other_id = two_counties[mine]["centre"].id, two_counties[other]["centre"].id
    assert march(mine_id) == {settled_in_each[mine]: Decimal("200")}
    assert march(other_id) == {settled_in_each[other]: Decimal("100")}
    city = march(two_counties["city"].id)  # the city's list: each case at its county's rate
    assert city == {settled_in_each[mine]: Decimal("200"), settled_in_each[other]: Decimal("100")}


@pytest.mark.parametrize(("mine", "other"), [("a", "b"), ("b", "a")])
def test_another_countys_rates_are_not_found_and_stay_unchanged(
    client, login, two_counties, mine, other
):
    login(two_counties[mine]["admin"])
    url = f"/reports/subsidies/rates?county_id={two_counties[other]['centre'].id}"
    assert client.get(url).status_code == 404
    assert client.post(url, data=RATE).status_code == 404
    assert own_rates(two_counties[other]["centre"]) == 0


def test_a_countys_first_rate_starts_from_a_copy_of_the_defaults(
    client, login, two_counties, deployment_admin
):
    other = {"category": "traffic", "result": "settled", "amount": Decimal("80")}
    subsidies.set_subsidy_rate(other, deployment_admin, None)
    login(two_counties["a"]["admin"])
    assert "80.00" in client.get("/reports/subsidies/rates").get_data(as_text=True)
    client.post("/reports/subsidies/rates", data=RATE)
    known = subsidies.rates(two_counties["a"]["centre"].id)
    assert known == {
        ("traffic", "settled"): Decimal("80"),
        ("neighbour", "settled"): Decimal("200"),
    }
    # A default changed afterwards no longer reaches the county with its own rates.
    subsidies.set_subsidy_rate({**other, "amount": Decimal("90")}, deployment_admin, None)
    assert subsidies.rates(two_counties["a"]["centre"].id)[("traffic", "settled")] == 80
    assert subsidies.rates(two_counties["b"]["centre"].id)[("traffic", "settled")] == 90


def test_a_deployment_admin_sets_a_default_or_picks_a_county(
    client, login, two_counties, deployment_admin
):
    login(deployment_admin)
    assert client.post("/reports/subsidies/rates", data=RATE).status_code == 302
    assert subsidies.rates(None) == {("neighbour", "settled"): Decimal("200")}
    url = f"/reports/subsidies/rates?county_id={two_counties['b']['centre'].id}"
    assert client.post(url, data={**RATE, "amount": "50"}).status_code == 302
    assert subsidies.rates(two_counties["b"]["centre"].id)[("neighbour", "settled")] == 50
    assert subsidies.rates(two_counties["a"]["centre"].id)[("neighbour", "settled")] == 200


def test_a_county_admin_may_not_set_a_default_rate(two_counties):
    data = {**RATE, "amount": Decimal("1")}
    with pytest.raises(Forbidden):
        subsidies.set_subsidy_rate(data, two_counties["a"]["admin"], None)


def test_a_station_coordinator_may_not_set_rates(client, login, two_counties):
    login(two_counties["a"]["coordinator"])
    assert client.post("/reports/subsidies/rates", data=RATE).status_code == 403
    assert own_rates(two_counties["a"]["centre"]) == 0
