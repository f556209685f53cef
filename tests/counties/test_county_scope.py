"""Two counties in one deployment: each county's staff reach their own county only.

Every page and API endpoint of the policy table that names a record is asked, with every
method it accepts, for county b's records by county a's centre coordinator and centre admin:
each answer is 404 and nothing changes. Lists, exports and reports of county a leave county
b's records out; the city's administrator sees both counties rolled up and each one apart.
"""

import pytest
from sqlalchemy import select

from mediation.core.errors import NotFound
from mediation.extensions import db
from mediation.mediators import assignment
from mediation.mediators.models import Mediator
from mediation.organisations.scope import county_ids
from tests.policy.test_matrix import (
    LISTS,
    PLAIN_VALUES,
    PUBLIC_RECORDS,
    _record_cases,
    _send,
    _snapshot,
    _url,
)
from tests.policy.world import client_of

REPORTS = (
    "/reports",
    "/reports/export.csv",
    "/reports/statistics?kind=year&period=2026",
    "/reports/subsidies?month=2026-06",
    "/reports/subsidies/export.csv?month=2026-06",
    "/oral-agreements",
)


def _secrets(side) -> tuple[str, ...]:
    return (side.dispute.code, side.handoff.reference, side.attachment.filename)


@pytest.mark.parametrize("who", ["a_coordinator", "a_admin"])
def test_a_countys_staff_get_404_for_every_record_of_another_county(
    app, counties, who, auth_header
):
    user = counties[who]
    client = client_of(app, user)
    values = {**counties["sides"]["b1"].path_values(), **PLAIN_VALUES}
    failures = []
    for endpoint, method, rule, url_rule in _record_cases(app, lambda r: bool(r.records)):
        guarded_by = set(rule.records.values())
        if guarded_by <= {"studio"}:
            continue  # studios are public pages
        url = _url(app, endpoint, url_rule, values)
        before = _snapshot()
        response = _send(client, method, url, user, auth_header)
        db.session.expire_all()
        allowed = (403, 404) if guarded_by <= PUBLIC_RECORDS else (404,)
        if response.status_code not in allowed:
            failures.append((method, url, response.status_code))
        if _snapshot() != before:
            failures.append((method, url, "changed the database"))
    assert failures == []


@pytest.mark.parametrize("who", ["a_coordinator", "a_admin"])
def test_a_countys_lists_exports_and_reports_leave_out_the_other_county(
    app, counties, who, auth_header
):
    user = counties[who]
    client = client_of(app, user)
    theirs = [s for key in ("b1", "b2") for s in _secrets(counties["sides"][key])]
    leaks = []
    for url in (*LISTS, *REPORTS, "/admin/committees", "/handoffs/admin"):
        response = _send(client, "GET", url, user, auth_header)
        body = response.get_data().decode("utf-8-sig")
        leaks += [(url, secret) for secret in theirs if secret in body]
        leaks += [(url, "安岳县") for _ in [0] if "岳阳镇" in body]
    assert leaks == []


def test_a_countys_coordinator_still_sees_the_whole_of_their_own_county(app, counties, auth_header):
    user = counties["a_coordinator"]
    client = client_of(app, user)
    body = _send(client, "GET", "/disputes", user, auth_header).get_data(as_text=True)
    for key in ("a1", "a2"):
        assert counties["sides"][key].dispute.code in body


@pytest.mark.parametrize(
    "url",
    [
        "/reports?station_id={b_station}",
        "/reports?station_id={b_centre}",
        "/reports/statistics?station_id={b_station}",
        "/reports/statistics?station_id={b_centre}",
        "/reports/statistics/report.xlsx?station_id={b_centre}",
        "/reports/subsidies?month=2026-06&station_id={b_station}",
        "/reports/statistics?station_id={city}",
    ],
)
def test_asking_for_another_countys_report_is_not_found(app, counties, url, auth_header):
    user = counties["a_admin"]
    places = {
        "b_station": counties["b"]["stations"][0].id,
        "b_centre": counties["b"]["centre"].id,
        "city": counties["city"].id,
    }
    response = _send(client_of(app, user), "GET", url.format(**places), user, auth_header)
    assert response.status_code == 404


def test_the_citys_reports_roll_up_both_counties_and_show_each(app, counties, auth_header):
    user = counties["city_admin"]
    client = client_of(app, user)
    statistics = client.get("/reports/statistics?kind=year&period=2026").get_data(as_text=True)
    assert "分县（区）情况" in statistics
    assert "乐至县" in statistics and "安岳县" in statistics
    dashboard = client.get("/reports?start=2026-01-01&end=2026-12-31").get_data(as_text=True)
    assert 'id="by-county"' in dashboard
    assert "乐至县" in dashboard and "安岳县" in dashboard
    county_only = client.get(f"/reports/statistics?station_id={counties['b']['centre'].id}")
    assert county_only.status_code == 200
    assert "分县（区）情况" not in county_only.get_data(as_text=True)


@pytest.mark.parametrize("who", ["city_admin", "deployment_admin"])
def test_the_city_and_the_deployment_see_every_countys_cases(app, counties, who, auth_header):
    user = counties[who]
    body = _send(client_of(app, user), "GET", "/disputes", user, auth_header).get_data(as_text=True)
    for side in counties["sides"].values():
        assert side.dispute.code in body


def test_a_countys_report_has_no_breakdown_row(app, counties):
    body = client_of(app, counties["a_admin"]).get("/reports/statistics?kind=year&period=2026")
    assert "分县（区）情况" not in body.get_data(as_text=True)


@pytest.mark.parametrize("who", ["city_admin", "deployment_admin"])
def test_the_engine_offers_a_case_only_to_its_own_countys_mediators(counties, who):
    dispute = counties["sides"]["b1"].dispute
    in_b = set(county_ids(dispute.township_id))
    ranked = assignment.rank_for(dispute, counties[who], limit=None)
    organisations = {db.session.get(Mediator, c.mediator_id).organisation_id for c in ranked}
    assert organisations <= in_b


def test_nobody_assigns_another_countys_mediator(counties):
    dispute = counties["sides"]["b1"].dispute
    a_mediator = counties["sides"]["a1"].mediator
    with pytest.raises(NotFound):
        assignment.find_mediator(a_mediator.id, counties["deployment_admin"], dispute)


def test_a_countys_mediator_list_holds_its_own_mediators_only(app, counties, auth_header):
    user = counties["a_coordinator"]
    listed = _send(client_of(app, user), "GET", "/api/v1/mediators", user, auth_header)
    ids = {row["id"] for row in listed.get_json()}
    b_ids = set(
        db.session.scalars(
            select(Mediator.id).where(
                Mediator.organisation_id.in_(county_ids(counties["b"]["centre"].id))
            )
        )
    )
    assert ids and not ids & b_ids
