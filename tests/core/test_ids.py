"""Ids from outside larger than a key column holds are refused at the edge, on every database."""

import re

import pytest

from mediation.core.db import MAX_ROW_ID
from mediation.core.web import numbers_up_to

HUGE = 10**20


@pytest.mark.parametrize("number", [MAX_ROW_ID + 1, HUGE])
def test_an_id_in_the_address_past_the_key_range_is_404(client, number):
    assert client.get(f"/studios/{number}").status_code == 404
    response = client.get(f"/api/v1/studios/{number}")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("number", [0, -1, MAX_ROW_ID + 1, HUGE])
def test_an_id_in_a_body_past_the_key_range_is_422(
    client, auth_header, coordinator, create_studio, number
):
    studio = create_studio()
    response = client.post(
        f"/api/v1/studios/{studio.id}/members",
        json={"mediator_id": number},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 422
    assert "mediator_id" in response.get_json()["error"]["fields"]
    team = client.get(f"/api/v1/studios/{studio.id}", headers=auth_header(coordinator))
    assert [m["id"] for m in team.get_json()["team"]] == [studio.lead_id]


@pytest.mark.parametrize("limit", [9, 10, 305, 1000, MAX_ROW_ID])
def test_the_id_pattern_matches_exactly_the_numbers_up_to_the_limit(limit):
    pattern = re.compile(numbers_up_to(limit))
    for number in [*range(1200), limit - 1, limit, limit + 1, limit * 10, 2**31, 2**32]:
        assert bool(pattern.fullmatch(str(number))) == (number <= limit), number
