"""Reports, the yearly table and the exports keep to the user's subtree."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
import time_machine

from mediation.accounts.models import Role

EN = {"Accept-Language": "en"}
NOON = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)


@pytest.fixture
def station_a_cases(create_dispute):
    """Three accepted cases at station A (the default township), filed mid-June 2026."""
    with time_machine.travel(NOON, tick=False):
        for _ in range(3):
            create_dispute("in_mediation")


def _accepted_on_the_yearly_page(client) -> str:
    page = client.get("/reports/yearly?year=2026", headers=EN).get_data(as_text=True)
    row = re.search(
        r"Cases accepted</th>.*?<td[^>]*>.*?</td>.*?<td[^>]*>.*?</td>\s*"
        r"<td class=\"text-end fw-bold\">([^<]*)</td>",
        page,
        re.S,
    )
    return row.group(1)


def _accepted_in_the_yearly_export(client) -> str:
    response = client.get("/reports/export.csv?start=2026-06-01&end=2026-06-30", headers=EN)
    body = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    header = rows.index(["Indicator", "Baseline", "Target", "Actual"])
    return next(r[3] for r in rows[header:] if r and r[0] == "Cases accepted")


def test_a_station_coordinator_sees_their_own_yearly_figures(
    client, login, station_a_cases, create_user, county
):
    login(create_user(Role.COORDINATOR, county["stations"][1]))
    assert _accepted_on_the_yearly_page(client) == "0"
    assert _accepted_in_the_yearly_export(client) == "0"


def test_the_own_station_and_the_county_see_the_cases(
    client, login, station_a_cases, create_user, county, coordinator
):
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    assert _accepted_on_the_yearly_page(client) == "3"
    assert _accepted_in_the_yearly_export(client) == "3"


def test_the_county_centre_sees_the_county(client, login, station_a_cases, coordinator):
    login(coordinator)
    assert _accepted_on_the_yearly_page(client) == "3"


def test_a_committee_coordinator_is_not_shown_the_countys_figures(
    client, login, station_a_cases, create_user, county
):
    login(create_user(Role.COORDINATOR, county["committee"]))
    response = client.get("/reports/yearly?year=2026", headers=EN)
    assert response.status_code == 403
    assert client.get("/reports", headers=EN).status_code == 403
